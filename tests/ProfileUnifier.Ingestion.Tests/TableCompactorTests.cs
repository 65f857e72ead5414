using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Ingestion.Pipeline;
using ProfileUnifier.Lake.Groups;
using ProfileUnifier.Lake.Maintenance;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Synthetic;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Ingestion.Tests;

/// <summary>Compaction rewrites small files without changing a row, holding a row group's worth of rows at a time.</summary>
public sealed class TableCompactorTests
{
    [Fact]
    public async Task CompactAsync_ManySmallFiles_SameRowsInFewerFilesWrittenRowGroupByRowGroup()
    {
        using var dir = new TempFolder();
        Datasets.Write(dir["data"], new GeneratorOptions { Accounts = 12, Events = 3_000, Days = 30, Seed = 5 });
        var lake = LakeBuilder.Context(dir["lake"]);
        // Commits of 400 lines and no maintenance after them (an ingest compacts when it finishes): small files.
        var ingestor = await LakeIngestor.OpenAsync(lake, new IdentityRules(), new IngestOptions(), WriterIdentity.New(), NullLogger.Instance,
            null, CancellationToken.None);
        foreach (var (line, n) in File.ReadLines(dir["data/events.ndjson"]).Select((l, i) => (l, i)))
        {
            var bytes = Encoding.UTF8.GetBytes(line);
            ingestor.Offer(bytes, bytes.Length, SourcePosition.InFile("events", n));
            if (ingestor.Pending >= 400)
            {
                await ingestor.CommitAsync([], [], CancellationToken.None);
            }
        }

        await ingestor.CommitAsync([], [], CancellationToken.None);
        using var duck = new DuckLake(dir["lake"]);
        var filesBefore = duck.LiveFiles(TableNames.Touchpoints).Count;
        var rowsBefore = Fingerprint(duck);

        var result = await new TableCompactor(lake, rowsPerGroup: 500).CompactAsync(TableNames.Touchpoints, CancellationToken.None);

        var files = duck.LiveFiles(TableNames.Touchpoints);
        Assert.True(result.FilesRemoved > result.FilesAdded && files.Count < filesBefore, $"{filesBefore} files before, {files.Count} after");
        Assert.Equal(rowsBefore, Fingerprint(duck));
        // The web partition's compacted file holds more than one row group's worth: it was written in parts.
        var groups = files.Select(f => duck.Scalar<long>($"SELECT count(DISTINCT row_group_id) FROM parquet_metadata('{f}')")).Max();
        Assert.True(groups > 1, $"at most {groups} row group in a compacted file");
    }

    /// <summary>Every column of every row, in event order, as one hash (and the row count).</summary>
    private static (long Rows, string Hash) Fingerprint(DuckLake duck) =>
        (duck.Count(TableNames.Touchpoints),
         duck.Scalar<string>($"SELECT md5(string_agg(CAST(t AS VARCHAR), '|' ORDER BY t.event_id)) FROM {duck.Table(TableNames.Touchpoints)} t"));
}
