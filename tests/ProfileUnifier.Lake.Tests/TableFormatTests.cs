using ProfileUnifier.Core.Identity;
using ProfileUnifier.Lake.Reading;
using ProfileUnifier.Lake.Snapshots;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Lake.Tests;

/// <summary>The lake's file formats as an independent reader (DuckDB) sees them: golden schemas and values.</summary>
public sealed class TableFormatTests
{
    [Theory]
    [InlineData(TableNames.Touchpoints)]
    [InlineData(TableNames.Identities)]
    [InlineData(TableNames.Profiles)]
    [InlineData(TableNames.Accounts)]
    [InlineData(TableNames.Signatures)]
    [InlineData(TableNames.Merges)]
    [InlineData(TableNames.Rejected)]
    [InlineData(TableNames.Employments)]
    [InlineData(TableNames.IdentityOverrides)]
    [InlineData(TableNames.JobChanges)]
    public async Task WriteAsync_EveryTable_SchemaMatchesGolden(string table)
    {
        using var root = new TempFolder();
        await WriteAllTablesAsync(root.Path);

        using var duck = new DuckLake(root.Path);
        Golden.Match($"{table}.schema.txt", duck.Describe(table));
    }

    [Fact]
    public async Task WriteAsync_Touchpoints_ValuesReadBackByDuckDb()
    {
        using var root = new TempFolder();
        await WriteAllTablesAsync(root.Path);
        using var duck = new DuckLake(root.Path);

        var row = duck.Rows($"""
            SELECT source, date::VARCHAR, type, occurred_at, email, phone, anonymous_id, company_name, first_name,
                   properties_json, traits_json, ignored_identifiers, signature_id IS NOT NULL, profile_id LIKE 'p_%'
            FROM {duck.Table(TableNames.Touchpoints)} WHERE event_id = 'w-1'
            """).Single();

        Assert.Equal("web", row[0]);
        Assert.Equal("2026-11-20", row[1]);
        Assert.Equal("form_submitted", row[2]);
        // 10:16:00.123456+03:00 is 07:16:00.123456 UTC, kept to the millisecond.
        Assert.Equal(new DateTime(2026, 11, 20, 7, 16, 0, 123, DateTimeKind.Utc), DateTime.SpecifyKind((DateTime)row[3]!, DateTimeKind.Utc));
        Assert.Equal("ivan.petrov@romashka.ru", row[4]);
        Assert.Equal("+79161234567", row[5]);
        Assert.Equal("ck-1", row[6]);
        Assert.Equal("ООО Ромашка", row[7]);
        Assert.Equal("Иван", row[8]);
        Assert.Equal("""{"form":"demo","utm":{"source":"yandex"}}""", row[9]);
        Assert.Equal("""{"first_name":"Иван","last_name":"Petrov","role":"decision_maker"}""", row[10]);
        Assert.Empty(((System.Collections.IEnumerable)row[11]!).Cast<string>());
        Assert.Equal(true, row[12]);
        Assert.Equal(true, row[13]);

        var order = duck.Rows($"SELECT order_id, amount, currency, margin, discount, crm_account_id, inn, employees FROM {duck.Table(TableNames.Touchpoints)} WHERE event_id = 'r-1'").Single();
        Assert.Equal(["O-1", 125000.5, "RUB", -0.02, 0.05, "A-17", "7707083893", 300], order);
        var invoice = duck.Rows($"SELECT invoice_id, due_date FROM {duck.Table(TableNames.Touchpoints)} WHERE event_id = 'r-2'").Single();
        Assert.Equal("INV-1", invoice[0]);
        Assert.Equal(new DateOnly(2026, 12, 21), invoice[1]);
        var ignored = duck.Rows($"SELECT role_email, ignored_identifiers FROM {duck.Table(TableNames.Touchpoints)} WHERE event_id = 'e-1'").Single();
        Assert.Equal("info@romashka.ru", ignored[0]);
        Assert.Equal(["identifiers.phone: placeholder number"], ((System.Collections.IEnumerable)ignored[1]!).Cast<string>());
    }

    /// <summary>
    /// DuckDB prunes row groups by the files' own column statistics: a filter on a timestamp must count the same rows
    /// with them as without (Parquet.Net 6.1 wrote MICROS timestamps' statistics in milliseconds, which skipped them all).
    /// </summary>
    [Fact]
    public async Task WriteAsync_TimestampStatistics_FiltersOnTimestampsKeepTheirRows()
    {
        using var root = new TempFolder();
        await WriteAllTablesAsync(root.Path);
        using var duck = new DuckLake(root.Path);

        var pruned = duck.Count(TableNames.Touchpoints, "occurred_at >= TIMESTAMPTZ '2026-11-21 00:00:00+00'");
        var scanned = duck.Scalar<long>($"SELECT count(*) FILTER (WHERE epoch_ms(occurred_at) >= {new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds()}) FROM {duck.Table(TableNames.Touchpoints)}");
        var statistics = duck.Rows($"SELECT stats_min, stats_max FROM parquet_metadata({duck.FileList(TableNames.Touchpoints)}) WHERE path_in_schema = 'occurred_at'");

        Assert.Equal(3, scanned);
        Assert.Equal(scanned, pruned);
        Assert.All(statistics, s => Assert.StartsWith("2026-11-", (string)s[0]!, StringComparison.Ordinal));
    }

    /// <summary>
    /// The encodings that keep touchpoints' files small where plain pages repeat: a source position shares its input's
    /// name with the row before (DELTA_BYTE_ARRAY), a commit's number and time and an event's date are few values in a file
    /// (dictionaries). DuckDB reads the values back as they were written.
    /// </summary>
    [Fact]
    public async Task WriteAsync_Touchpoints_PositionsSharePrefixesAndCommitColumnsUseDictionaries()
    {
        using var root = new TempFolder();
        await WriteAllTablesAsync(root.Path);
        using var duck = new DuckLake(root.Path);

        var encodings = duck.Rows($"""
            SELECT path_in_schema, string_agg(DISTINCT encodings, ', ' ORDER BY encodings)
            FROM parquet_metadata({duck.FileList(TableNames.Touchpoints)})
            WHERE path_in_schema IN ('source_position', 'txn', 'ingested_at', 'date', 'event_id')
            GROUP BY ALL ORDER BY ALL
            """).ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
        var positions = duck.Rows($"SELECT source_position, txn FROM {duck.Table(TableNames.Touchpoints)} ORDER BY source_position");

        Assert.Contains("DELTA_BYTE_ARRAY", encodings["source_position"], StringComparison.Ordinal);
        Assert.All(new[] { "txn", "ingested_at", "date" }, c => Assert.Contains("RLE_DICTIONARY", encodings[c], StringComparison.Ordinal));
        Assert.DoesNotContain("DICTIONARY", encodings["event_id"], StringComparison.Ordinal);
        Assert.Equal(LakeFixture.Resolve().Events.Count, positions.Count);
        Assert.Equal(
            Enumerable.Range(1, positions.Count).Select(line => $"file:/data/events.ndjson:{line}").Order(StringComparer.Ordinal),
            positions.Select(p => (string)p[0]!));
        Assert.All(positions, p => Assert.Equal(1L, p[1]));
    }

    [Fact]
    public async Task WriteAsync_Profiles_ListsReadBackAsArrays()
    {
        using var root = new TempFolder();
        await WriteAllTablesAsync(root.Path);
        using var duck = new DuckLake(root.Path);

        var row = duck.Rows($"SELECT emails, phones, socials, crm_contact_id, events, events_web, events_crm FROM {duck.Table(TableNames.Profiles)}").Single();

        Assert.Equal(["ivan.petrov@romashka.ru"], ((System.Collections.IEnumerable)row[0]!).Cast<string>());
        Assert.Equal(["+79161234567"], ((System.Collections.IEnumerable)row[1]!).Cast<string>());
        Assert.Empty(((System.Collections.IEnumerable)row[2]!).Cast<string>());
        Assert.Equal(["C-1", 2, 1, 1], row[3..]);
    }

    [Fact]
    public async Task TouchpointReader_ReadsBackWhatTheEngineNeeds()
    {
        using var root = new TempFolder();
        await WriteAllTablesAsync(root.Path);
        var touchpoints = (await LakeReader.ReadAsync(root.Path, CancellationToken.None))[TableNames.Touchpoints]!;
        var (_, original) = LakeFixture.Resolve();
        var normalizer = new IdentifierNormalizer(new IdentityRules());

        var read = await TouchpointReader.ReadAsync(touchpoints.TableRoot, touchpoints.OrderedFiles, 0, null).ToListAsync();

        Assert.Equal(original.Count, read.Count);
        foreach (var (e, keys, _) in original)
        {
            var back = read.Single(r => r.EventId == e.EventId);
            Assert.Equal((e.Source, e.Type, e.OccurredAt.UtcDateTime), (back.Source, back.Type, back.OccurredAt.UtcDateTime));
            Assert.Equal(keys.Keys, normalizer.Normalize(back.Identifiers, back.Account).Keys);
            if (e.IsOrder)
            {
                Assert.Equal((e.Properties.OrderId, e.Properties.Amount, e.Properties.Margin), (back.Properties.OrderId, back.Properties.Amount, back.Properties.Margin));
            }

            Assert.Equal((e.Traits?.FirstName, e.Account?.Employees), (back.Traits?.FirstName, back.Account?.Employees));
        }
    }

    private static async Task WriteAllTablesAsync(string root)
    {
        var writer = await LakeFixture.BatchWriterAsync(root);
        await writer.CommitAsync(LakeFixture.Batch(1), CancellationToken.None);
        var (engine, _) = LakeFixture.Resolve();
        var publisher = await SnapshotPublisher.OpenAsync(LakeBuilder.Context(root), CancellationToken.None);
        await publisher.PublishAsync(engine.Snapshot(), 1, CancellationToken.None);
    }
}
