using ProfileUnifier.Lake.Groups;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Lake.Tests.Groups;

/// <summary>
/// A batch's touchpoint files encoded chunk by chunk: a chunk's rows are let go once its files are written, and a chunk
/// whose files failed keeps its rows until a retry writes them, so a commit retried after an I/O error loses nothing.
/// </summary>
public sealed class TouchpointFilesTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task CompleteAsync_ChunkFailedWithIoError_RetryWritesItAndKeepsTheChunksDone()
    {
        using var root = new TempFolder();
        var disk = new FaultInjectingFileSystem { AsIoError = true };
        var writer = await LakeFixture.BatchWriterAsync(root.Path, disk);
        await using var files = new TouchpointFiles(writer.Leader, "part-0000000001");

        var done = LakeFixture.Touchpoints();
        files.Add(done);
        Eventually.WaitUntil(() => files.RowsInMemory == 0, Patience, () => $"{files.RowsInMemory} rows of the first chunk still held");
        // The disk full from here on, until it is cleared.
        disk.FailCount = int.MaxValue;
        disk.FailAt = disk.Operations + 1;
        var failing = LakeFixture.Touchpoints();
        files.Add(failing);

        await Assert.ThrowsAsync<IOException>(() => files.CompleteAsync(CancellationToken.None));
        Assert.Equal(failing.Rows, files.RowsInMemory);
        disk.FailAt = 0;
        var adds = await files.CompleteAsync(CancellationToken.None);

        Assert.Equal(0, files.RowsInMemory);
        Assert.Equal(2 * done.Partitions().Count, adds.Count);
        await writer.CommitAsync(new GroupCommit
        {
            Operation = "WRITE",
            Leader = new TableChange { Schema = done.Buffer, PartitionColumns = TouchpointPartitions.PartitionColumns, Written = [.. adds] },
            Members =
            {
                [TableNames.Rejected] = new TableChange { Schema = new RejectedRows() },
                [TableNames.Merges] = new TableChange { Schema = new MergesRows() },
                [TableNames.JobChanges] = new TableChange { Schema = new JobChangesRows() },
            },
        }, CancellationToken.None);
        using var duck = new DuckLake(root.Path);
        Assert.Equal(2 * LakeFixture.Lines.Length, duck.Count(TableNames.Touchpoints));
        // Each chunk once: every event of the fixture twice, none more.
        Assert.Equal(0L, duck.Scalar<long>(
            $"SELECT count(*) FROM (SELECT event_id FROM {duck.Table(TableNames.Touchpoints)} GROUP BY event_id HAVING count(*) <> 2)"));
    }

    [Fact]
    public async Task Add_AfterComplete_Throws()
    {
        using var root = new TempFolder();
        var writer = await LakeFixture.BatchWriterAsync(root.Path);
        await using var files = new TouchpointFiles(writer.Leader, "part-0000000001");
        files.Add(LakeFixture.Touchpoints());
        await files.CompleteAsync(CancellationToken.None);

        Assert.Throws<InvalidOperationException>(() => files.Add(LakeFixture.Touchpoints()));
    }
}
