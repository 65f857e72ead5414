using System.IO.Compression;
using ProfileUnifier.Ingestion.Pipeline;
using ProfileUnifier.Lake.Reading;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Synthetic;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Ingestion.Tests;

public sealed class FileIngestJobTests
{
    // Two months of activity: enough partitions to exercise the layout, few enough to keep the suite quick.
    private static readonly GeneratorOptions Small = new() { Accounts = 60, Events = 12_000, Seed = 7, Days = 60 };

    [Fact]
    public async Task RunAsync_GeneratedData_EveryLineEndsUpExactlyOnce()
    {
        using var dir = new TempFolder();
        var generated = Datasets.Write(dir["data"], Small);

        var summary = await LakeBuilder.IngestAsync(dir["lake"], [dir["data/events.ndjson"]]);

        Assert.Equal(generated.Lines, summary.Lines);
        Assert.Equal(generated.Events, summary.Accepted);
        Assert.Equal(generated.Malformed, summary.Rejected);
        Assert.Equal(generated.Redeliveries, summary.Redeliveries);
        Assert.True(summary.IsReconciled);
        using var duck = new DuckLake(dir["lake"]);
        Assert.Equal(summary.Accepted, duck.Count(TableNames.Touchpoints));
        Assert.Equal(summary.Accepted, duck.Scalar<long>($"SELECT count(DISTINCT event_id) FROM {duck.Table(TableNames.Touchpoints)}"));
        Assert.Equal(summary.Rejected, duck.Count(TableNames.Rejected));
        Assert.Equal(0, duck.Count(TableNames.Rejected, "reason IS NULL OR reason = '' OR line IS NULL OR file IS NULL"));
        // Every line number of the file is either a touchpoint, a rejection or a redelivery of an accepted id.
        var positions = duck.Scalar<long>($"""
            SELECT count(*) FROM (
              SELECT source_position FROM {duck.Table(TableNames.Touchpoints)}
              UNION ALL SELECT source FROM {duck.Table(TableNames.Rejected)})
            """);
        Assert.Equal(summary.Lines - summary.Redeliveries, positions);
    }

    [Fact]
    public async Task RunAsync_SameFileAgain_ChangesNothing()
    {
        using var dir = new TempFolder();
        Datasets.Write(dir["data"], Small);
        await LakeBuilder.IngestAsync(dir["lake"], [dir["data/events.ndjson"]]);
        var before = Snapshot(dir["lake"]);
        var versions = await VersionsAsync(dir["lake"]);
        File.Copy(dir["data/events.ndjson"], dir["data/copy-of-events.ndjson"]);

        var again = await LakeBuilder.IngestAsync(dir["lake"], [dir["data"]]);

        Assert.Equal(2, again.AlreadyIngested.Count);
        Assert.Equal(0, again.Lines);
        Assert.Equal(versions, await VersionsAsync(dir["lake"]));
        Assert.Equal(before, Snapshot(dir["lake"]));
    }

    [Fact]
    public async Task RunAsync_MoreFilesInALaterRun_SameLakeAsAllAtOnce()
    {
        using var dir = new TempFolder();
        Datasets.Write(dir["data"], Small);
        // Split on bytes: the data holds deliberately invalid UTF-8 that text APIs would "repair".
        var bytes = File.ReadAllBytes(dir["data/events.ndjson"]);
        var lines = bytes.Count(b => b == (byte)'\n');
        var cut = 0;
        for (var n = 0; n < lines / 3; n++)
        {
            cut = Array.IndexOf(bytes, (byte)'\n', cut) + 1;
        }

        Directory.CreateDirectory(dir["parts"]);
        File.WriteAllBytes(dir["parts/a.ndjson"], bytes[..cut]);
        File.WriteAllBytes(dir["parts/b.ndjson"], bytes[cut..]);

        await LakeBuilder.IngestAsync(dir["whole"], [dir["data/events.ndjson"]]);
        await LakeBuilder.IngestAsync(dir["split"], [dir["parts/b.ndjson"]]);
        var second = await LakeBuilder.IngestAsync(dir["split"], [dir["parts/a.ndjson"]]);

        Assert.Equal(lines / 3, second.Lines);
        Assert.Equal(Snapshot(dir["whole"]), Snapshot(dir["split"]));
    }

    /// <summary>
    /// A crash at disk operations spread over a whole ingest of several commits (the files, the commit points, the other
    /// tables, the snapshot tables, the identity checkpoint), then a plain re-run: the lake ends up as if nothing happened.
    /// With small encoding chunks the touchpoint files are written in the background while their batch is read, so the
    /// crash also lands in the middle of a file being encoded.
    /// </summary>
    [Theory]
    [InlineData(65_536)]
    [InlineData(1_024)]
    public async Task RunAsync_CrashAnywhereInAnIngest_RerunLosesAndDoublesNothing(int encodeChunkRows)
    {
        using var dir = new TempFolder();
        var generated = Datasets.Write(dir["data"], Small);
        var counting = new FaultInjectingFileSystem();
        var ingest = new IngestOptions { EncodeChunkRows = encodeChunkRows };
        await LakeBuilder.IngestAsync(dir["clean"], [dir["data/events.ndjson"]], maxRowsPerCommit: 3_000, fs: counting, ingest: ingest);
        var operations = counting.Operations;
        var clean = Snapshot(dir["clean"]);

        foreach (var crashAt in Enumerable.Range(0, 12).Select(i => 1 + (i * (operations - 1) / 11)))
        {
            var lake = dir[$"lake-{crashAt}"];
            await Assert.ThrowsAsync<SimulatedCrashException>(() =>
                LakeBuilder.IngestAsync(lake, [dir["data/events.ndjson"]], 3_000, fs: new FaultInjectingFileSystem { FailAt = crashAt }, ingest: ingest));
            var rerun = await LakeBuilder.IngestAsync(lake, [dir["data/events.ndjson"]], maxRowsPerCommit: 3_000, ingest: ingest);

            Assert.True(rerun.IsReconciled);
            LakeAssert.ExactlyOnce(lake, generated);
            Assert.Equal(clean, Snapshot(lake));
        }
    }

    [Fact]
    public async Task RunAsync_CorruptGzip_KeepsWhatItReadAndGoesOnWithOtherFiles()
    {
        using var dir = new TempFolder();
        Datasets.Write(dir["data"], Small);
        var bytes = File.ReadAllBytes(dir["data/events.ndjson"]);
        using (var gz = new GZipStream(File.Create(dir["in/broken.ndjson.gz"].Also(Path.GetDirectoryName(dir["in/x"])!)), CompressionLevel.Fastest))
        {
            gz.Write(bytes);
        }

        var gzBytes = File.ReadAllBytes(dir["in/broken.ndjson.gz"]);
        gzBytes.AsSpan(gzBytes.Length / 2, 64).Fill(0x55);
        File.WriteAllBytes(dir["in/broken.ndjson.gz"], gzBytes);
        File.WriteAllLines(dir["in/good.ndjson"], File.ReadLines(dir["data/events.ndjson"]).Take(100));

        var summary = await LakeBuilder.IngestAsync(dir["lake"], [dir["in"]]);

        var failure = Assert.Single(summary.Failed);
        Assert.Contains("broken.ndjson.gz: unreadable after line", failure, StringComparison.Ordinal);
        Assert.True(summary.IsReconciled);
        Assert.True(summary.Lines >= 100);
    }

    /// <summary>The snapshot tables as sorted text rows (merges are history and may differ).</summary>
    private static string Snapshot(string lake)
    {
        using var duck = new DuckLake(lake);
        var parts = new List<string>();
        foreach (var (table, order) in new[] { (TableNames.Identities, "identifier_type, identifier_value"), (TableNames.Profiles, "profile_id"), (TableNames.Accounts, "account_id"), (TableNames.Signatures, "signature_id") })
        {
            foreach (var row in duck.Rows($"SELECT * FROM {duck.Table(table)} ORDER BY {order}"))
            {
                parts.Add(table + ": " + string.Join(" | ", row.Select(Text)));
            }
        }

        return string.Join('\n', parts);

        static string Text(object? value) => value switch
        {
            null => "null",
            System.Collections.IEnumerable list and not string => "[" + string.Join(",", list.Cast<object>()) + "]",
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => value.ToString()!,
        };
    }

    private static async Task<string> VersionsAsync(string lake) => string.Join(",",
        (await LakeReader.ReadAsync(lake, CancellationToken.None)).Tables.Select(t => $"{t.Key}@{t.Value.Version}"));
}

internal static class PathExtensions
{
    /// <summary>Creates the folder, returns the path (keeps test set-up on one line).</summary>
    public static string Also(this string path, string folder)
    {
        Directory.CreateDirectory(folder);
        return path;
    }
}
