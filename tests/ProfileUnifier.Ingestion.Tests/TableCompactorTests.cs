using ProfileUnifier.Lake.Maintenance;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Synthetic;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Ingestion.Tests;

/// <summary>Compaction joins an ingest's small files without changing a row (TableCompactorCopyTests has how, row group by row group).</summary>
public sealed class TableCompactorTests
{
    [Fact]
    public async Task CompactAsync_ManySmallFiles_SameRowsInFewerFilesOfSeveralRowGroups()
    {
        using var dir = new TempFolder();
        Datasets.Write(dir["data"], new GeneratorOptions { Accounts = 12, Events = 3_000, Days = 30, Seed = 5 });
        // Commits of 400 lines and no maintenance after them (an ingest compacts when it finishes): small files.
        var lake = await LakeBuilder.SmallCommitsAsync(dir["lake"], dir["data/events.ndjson"], rowsPerCommit: 400);
        using var duck = new DuckLake(dir["lake"]);
        var filesBefore = duck.LiveFiles(TableNames.Touchpoints).Count;
        var rowsBefore = Fingerprint(duck);

        var result = await new TableCompactor(lake).CompactAsync(TableNames.Touchpoints, CancellationToken.None);

        var files = duck.LiveFiles(TableNames.Touchpoints);
        Assert.True(result.FilesRemoved > result.FilesAdded && files.Count < filesBefore, $"{filesBefore} files before, {files.Count} after");
        Assert.Equal(rowsBefore, Fingerprint(duck));
        // The web partition's compacted file holds the row groups of the files it joined.
        var groups = files.Select(f => duck.Scalar<long>($"SELECT count(DISTINCT row_group_id) FROM parquet_metadata('{f}')")).Max();
        Assert.True(groups > 1, $"at most {groups} row group in a compacted file");
    }

    /// <summary>Every column of every row, in event order, as one hash (and the row count).</summary>
    private static (long Rows, string Hash) Fingerprint(DuckLake duck) =>
        (duck.Count(TableNames.Touchpoints),
         duck.Scalar<string>($"SELECT md5(string_agg(CAST(t AS VARCHAR), '|' ORDER BY t.event_id)) FROM {duck.Table(TableNames.Touchpoints)} t"));
}
