using ProfileUnifier.Core.Identity;
using ProfileUnifier.Core.Validation;
using ProfileUnifier.Lake.Reading;
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
        // 10:16:00.123456+03:00 is 07:16:00.123456 UTC, kept to the microsecond.
        Assert.Equal(new DateTime(2026, 11, 20, 7, 16, 0, DateTimeKind.Utc).AddTicks(1_234_560), DateTime.SpecifyKind((DateTime)row[3]!, DateTimeKind.Utc));
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
        var lake = await LakeStore.OpenAsync(new LakeOptions { Root = root.Path }, CancellationToken.None);
        var (_, original) = LakeFixture.Resolve();
        var normalizer = new IdentifierNormalizer(new IdentityRules());

        var read = await TouchpointReader.ReadAsync(root.Path, lake.State.FilesOf(TableNames.Touchpoints)).ToListAsync();

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
        var lake = await LakeStore.OpenAsync(new LakeOptions { Root = root }, CancellationToken.None);
        var (engine, _) = LakeFixture.Resolve();
        var snapshot = engine.Snapshot();
        var txn = lake.Begin();
        var ct = CancellationToken.None;
        await txn.StageManyAsync(TableNames.Touchpoints, LakeFixture.Touchpoints(txn.Txn).Partitions()
            .Select((p, i) => ($"touchpoints/{p.Folder}/part-1-{i}.parquet", p.Rows)).ToList(), ct);
        await SnapshotTables.StageAsync(txn, snapshot, ct);
        var merges = new MergesRows();
        merges.AddRange([new IdentityChange(ChangeKind.Merge, IdentityLevel.Profile, "p_a", "p_b", "w-1", DateTimeOffset.UnixEpoch, "linked by email")], DateTime.UtcNow, 1);
        await txn.StageAsync(TableNames.Merges, "merges/part-1.parquet", merges, ct);
        var moves = new JobChangesRows();
        moves.AddRange([new JobChange("p_a", "a_old", "a_new", DateTimeOffset.UnixEpoch.AddDays(2), DateTimeOffset.UnixEpoch.AddDays(1), "w-1")], DateTime.UtcNow, 1);
        await txn.StageAsync(TableNames.JobChanges, "job_changes/part-1.parquet", moves, ct);
        var rejected = new RejectedRows();
        rejected.Add(new Rejection(RejectionCode.InvalidJson, "", "invalid JSON"), SourcePosition.InFile("/x.ndjson", 3), "{oops"u8, DateTime.UtcNow, 1);
        await txn.StageAsync(TableNames.Rejected, "rejected/part-1.parquet", rejected, ct);
        await txn.CommitAsync(ct);
    }
}
