using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Ingestion.Legacy;
using ProfileUnifier.Ingestion.Pipeline;
using ProfileUnifier.Lake.Groups;
using ProfileUnifier.Lake.Reading;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Synthetic;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Ingestion.Tests;

/// <summary>A lake of the layout before Delta, converted: the same rows, the same positions, the same identity state.</summary>
public sealed class LegacyLakeConverterTests
{
    [Fact]
    public async Task ConvertAsync_OldLayoutLake_SameRowsPositionsAndIdentityAndIngestCarriesOn()
    {
        using var dir = new TempFolder();
        var generated = Datasets.Write(dir["data"], new GeneratorOptions { Accounts = 30, Events = 5_000, Days = 60, Seed = 4 });
        await LakeBuilder.IngestAsync(dir["reference"], [dir["data/events.ndjson"]]);
        var old = await WriteOldLayoutAsync(dir["reference"], dir["old"], dir["data/events.ndjson"]);

        var summary = await new LegacyLakeConverter(NullLogger.Instance).ConvertAsync(old, LakeBuilder.Context(dir["converted"]), new IdentityRules(),
            new IngestOptions(), CancellationToken.None);

        Assert.Equal(1, summary.Batches);
        LakeAssert.ExactlyOnce(dir["converted"], generated);
        using (var reference = new DuckLake(dir["reference"]))
        using (var converted = new DuckLake(dir["converted"]))
        {
            foreach (var table in new[] { TableNames.Profiles, TableNames.Identities, TableNames.Accounts, TableNames.Signatures })
            {
                Assert.Equal(Sorted(reference, table), Sorted(converted, table));
            }

            Assert.Equal(0, converted.Count(TableNames.Touchpoints, "date IS NULL OR txn <> 1"));
        }

        // The inputs the old lake had read are in: ingesting them again reads nothing.
        var again = await LakeBuilder.IngestAsync(dir["converted"], [dir["data/events.ndjson"]]);
        Assert.Equal(0, again.Lines);
        Assert.Single(again.AlreadyIngested);
    }

    [Fact]
    public async Task ReadAsync_OldLayoutLake_RefusedNamingConvert()
    {
        using var dir = new TempFolder();
        Directory.CreateDirectory(dir["old/_log"]);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => LakeReader.ReadAsync(dir["old"], CancellationToken.None));

        Assert.Contains("profileunifier convert --from", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// What an ingest before the Delta layout left: the rows in source=…/date=… folders (one old file per source and day
    /// here is a source's file of the reference lake: the converter goes by the source folder only), snapshot files, and
    /// one commit log entry naming them with the input's position and the counts.
    /// </summary>
    private static async Task<string> WriteOldLayoutAsync(string reference, string old, string input)
    {
        // The old layout knew an input by the hash of its whole file.
        var inputId = Convert.ToHexStringLower(System.IO.Hashing.XxHash128.Hash(await File.ReadAllBytesAsync(input)));
        var lake = await LakeReader.ReadAsync(reference, CancellationToken.None);
        var files = new List<object>();
        var n = 0;
        foreach (var table in new[] { TableNames.Touchpoints, TableNames.Rejected, TableNames.Merges })
        {
            foreach (var file in lake[table]!.OrderedFiles)
            {
                var date = table == TableNames.Touchpoints ? "date=2026-11-01/" : "";
                var source = table == TableNames.Touchpoints ? $"source={file.PartitionValues["source"]}/" : "";
                var path = $"{table}/{source}{date}part-{++n:D5}.parquet";
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(old, path))!);
                File.Copy(Path.Combine(lake[table]!.TableRoot, file.FilePath), Path.Combine(old, path));
                files.Add(new { table, path, staged = $"_staging/00000000000000000001/{n:D6}.staged", rows = 0, bytes = 0 });
            }
        }

        var progress = LakeProgress.Of(lake[TableNames.Touchpoints]!);
        var entry = new
        {
            version = 1,
            txn = 1,
            writer = "old",
            committed_at = DateTime.UtcNow,
            files,
            inputs = progress.Inputs.Values.Select(i => new { id = inputId, path = "events.ndjson", lines = i.Lines, complete = i.Complete }),
            kafka = Array.Empty<object>(),
            counts = new { lines = progress.Totals.Lines, accepted = progress.Totals.Accepted, rejected = progress.Totals.Rejected, redeliveries = progress.Totals.Redeliveries },
        };
        Directory.CreateDirectory(Path.Combine(old, "_log"));
        await File.WriteAllTextAsync(Path.Combine(old, "_log", 1.ToString("D20", CultureInfo.InvariantCulture) + ".json"), JsonSerializer.Serialize(entry));
        return old;
    }

    private static List<string> Sorted(DuckLake duck, string table) =>
        [.. duck.Rows($"SELECT * FROM {duck.Table(table)}").Select(r => string.Join("|", r.Select(v => v switch
        {
            System.Collections.IEnumerable list and not string => string.Join(",", list.Cast<object>()),
            _ => Convert.ToString(v, CultureInfo.InvariantCulture),
        }))).Order(StringComparer.Ordinal)];
}
