using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Groups;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Lake.Tests.Groups;

/// <summary>
/// A batch's touchpoint files: each chunk encoded into memory as it is sealed (its rows let go once encoded), a
/// partition's parts joined into one file at the commit; a file whose writing failed is written again from the parts
/// kept, so a commit retried after an I/O error loses nothing and doubles nothing.
/// </summary>
public sealed class TouchpointFilesTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task CompleteAsync_FileWriteFailedWithIoError_RetryWritesItFromTheEncodedParts()
    {
        using var root = new TempFolder();
        var disk = new FaultInjectingFileSystem { AsIoError = true };
        var writer = await LakeFixture.BatchWriterAsync(root.Path, disk);
        await using var files = new TouchpointFiles(writer.Leader, "part-0000000001");
        files.Resolved(LakeFixture.Resolution(), LakeFixture.IngestedAt);

        var chunk = LakeFixture.Touchpoints();
        files.Add(chunk);
        files.Add(LakeFixture.Touchpoints());
        // Encoded into memory: the rows are let go before any file is written.
        Eventually.WaitUntil(() => files.RowsInMemory == 0, Patience, () => $"{files.RowsInMemory} rows still held");
        // The disk full from here on, until it is cleared.
        disk.FailCount = int.MaxValue;
        disk.FailAt = disk.Operations + 1;

        await Assert.ThrowsAsync<IOException>(() => files.CompleteAsync(CancellationToken.None));
        disk.FailAt = 0;
        var adds = await files.CompleteAsync(CancellationToken.None);

        // A file per partition, both chunks' rows in it.
        Assert.Equal(chunk.Partitions().Count, adds.Count);
        Assert.All(adds, add => Assert.Contains("\"numRecords\":", add.Stats, StringComparison.Ordinal));
        await CommitAsync(writer, chunk, adds);
        using var duck = new DuckLake(root.Path);
        Assert.Equal(2 * LakeFixture.Lines.Length, duck.Count(TableNames.Touchpoints));
        // Each chunk once: every event of the fixture twice, none more.
        Assert.Equal(0L, duck.Scalar<long>(
            $"SELECT count(*) FROM (SELECT event_id FROM {duck.Table(TableNames.Touchpoints)} GROUP BY event_id HAVING count(*) <> 2)"));
    }

    [Fact]
    public async Task CompleteAsync_PartsPastTheTargetSize_SplitIntoMoreFiles()
    {
        using var root = new TempFolder();
        // The smallest target: no two parts fit in one file.
        var writer = await LakeFixture.BatchWriterAsync(root.Path, options: new LakeOptions { Root = root.Path, TargetFileBytes = 1024 });
        await using var files = new TouchpointFiles(writer.Leader, "part-0000000001");
        files.Resolved(LakeFixture.Resolution(), LakeFixture.IngestedAt);
        var first = LakeFixture.Touchpoints(batch: 1);
        files.Add(first);
        files.Add(LakeFixture.Touchpoints(batch: 1));

        var adds = await files.CompleteAsync(CancellationToken.None);

        Assert.Equal(2 * first.Partitions().Count, adds.Count);
        await CommitAsync(writer, first, adds);
        using var duck = new DuckLake(root.Path);
        Assert.Equal(2 * LakeFixture.Lines.Length, duck.Count(TableNames.Touchpoints));
    }

    [Fact]
    public async Task CompleteAsync_RetriedWhileACancelledWaitsWriteGoesOn_WritesEachFileOnce()
    {
        using var root = new TempFolder();
        using var release = new ManualResetEventSlim();
        var held = 0;
        var disk = new FaultInjectingFileSystem();
        // The first file's writing stops at its start until released.
        disk.BeforeStep = step =>
        {
            if (step.StartsWith("create", StringComparison.Ordinal) && step.Contains("part-0000000001", StringComparison.Ordinal) &&
                Interlocked.Exchange(ref held, 1) == 0)
            {
                release.Wait(Patience);
            }
        };
        var writer = await LakeFixture.BatchWriterAsync(root.Path, disk);
        await using var files = new TouchpointFiles(writer.Leader, "part-0000000001");
        files.Resolved(LakeFixture.Resolution(), LakeFixture.IngestedAt);
        var chunk = LakeFixture.Touchpoints();
        files.Add(chunk);
        using var cancel = new CancellationTokenSource();

        var first = files.CompleteAsync(cancel.Token);
        Eventually.WaitUntil(() => Volatile.Read(ref held) == 1, Patience, () => "no file's writing began");
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        var retry = files.CompleteAsync(CancellationToken.None);
        release.Set();
        var adds = await retry;

        Assert.Equal(chunk.Partitions().Count, adds.Count);
        // No second file of the one held: every named data file is one of the adds.
        var named = Directory.EnumerateFiles(Path.Combine(root.Path, TableNames.Touchpoints), "part-*.parquet", SearchOption.AllDirectories).Count();
        Assert.Equal(adds.Count, named);
        await CommitAsync(writer, chunk, adds);
        using var duck = new DuckLake(root.Path);
        Assert.Equal(LakeFixture.Lines.Length, duck.Count(TableNames.Touchpoints));
    }

    private static Task<long> CommitAsync(GroupWriter writer, TouchpointPartitions schema, IReadOnlyList<AddFile> adds) =>
        writer.CommitAsync(new GroupCommit
        {
            Operation = "WRITE",
            Leader = new TableChange { Schema = schema.Buffer, PartitionColumns = TouchpointPartitions.PartitionColumns, Written = [.. adds] },
            Members =
            {
                [TableNames.Rejected] = new TableChange { Schema = new RejectedRows() },
                [TableNames.Merges] = new TableChange { Schema = new MergesRows() },
                [TableNames.JobChanges] = new TableChange { Schema = new JobChangesRows() },
            },
        }, CancellationToken.None);

    [Fact]
    public async Task CompleteAsync_ResolutionEncodedAtTheBatchEnd_FilesReadAsTheRowsWrittenWhole()
    {
        using var root = new TempFolder();
        var writer = await LakeFixture.BatchWriterAsync(root.Path);
        await using var files = new TouchpointFiles(writer.Leader, "part-0000000001");
        // Two chunks, encoded before the resolution is given: a file per partition of two row groups, each joined.
        files.Add(LakeFixture.Touchpoints());
        files.Add(LakeFixture.Touchpoints());
        Eventually.WaitUntil(() => files.RowsInMemory == 0, Patience, () => $"{files.RowsInMemory} rows still held");
        files.Resolved(LakeFixture.Resolution(), LakeFixture.IngestedAt);
        var adds = await files.CompleteAsync(CancellationToken.None);

        // The same rows resolved first and written whole, as one file.
        var whole = Path.Combine(root.Path, "whole.parquet");
        await using (var stream = File.Create(whole))
        {
            await LakeFixture.Touchpoints().Buffer.WriteAsync(stream, new LakeOptions { Root = root.Path }, CancellationToken.None);
        }

        using var duck = new DuckLake(root.Path);
        var paths = adds.Select(a => DuckLake.Literal(Path.Combine(root.Path, TableNames.Touchpoints, Uri.UnescapeDataString(a.Path))));
        var joined = $"read_parquet([{string.Join(", ", paths)}], hive_partitioning = false)";
        var once = $"read_parquet({DuckLake.Literal(whole)})";
        string Schema(string from) => string.Join('\n', duck.Rows($"DESCRIBE SELECT * FROM {from}").Select(r => $"{r[0]} {r[1]} {r[2]}"));
        Assert.Equal(Schema(once), Schema(joined));
        Assert.Equal(2 * LakeFixture.Lines.Length, duck.Scalar<long>($"SELECT count(*) FROM {joined}"));
        // Every value of every column as written whole: each row twice (two chunks), nothing else.
        Assert.Equal(0L, duck.Scalar<long>($"SELECT count(*) FROM (SELECT * FROM {joined} EXCEPT ALL (SELECT * FROM {once} UNION ALL SELECT * FROM {once}))"));
        Assert.Equal(0L, duck.Scalar<long>($"SELECT count(*) FROM ((SELECT * FROM {once} UNION ALL SELECT * FROM {once}) EXCEPT ALL SELECT * FROM {joined})"));
        Assert.Equal(2L, duck.Scalar<long>(
            $"SELECT count(*) FROM {joined} WHERE profile_id IS NOT NULL AND account_id IS NOT NULL AND event_id = 'r-1' AND ingested_at = TIMESTAMP '2026-11-27 12:00:00'"));
    }

    [Fact]
    public async Task CompleteAsync_NotResolved_Throws()
    {
        using var root = new TempFolder();
        var writer = await LakeFixture.BatchWriterAsync(root.Path);
        await using var files = new TouchpointFiles(writer.Leader, "part-0000000001");
        files.Add(LakeFixture.Touchpoints());

        await Assert.ThrowsAsync<InvalidOperationException>(() => files.CompleteAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Add_AfterComplete_Throws()
    {
        using var root = new TempFolder();
        var writer = await LakeFixture.BatchWriterAsync(root.Path);
        await using var files = new TouchpointFiles(writer.Leader, "part-0000000001");
        files.Resolved(LakeFixture.Resolution(), LakeFixture.IngestedAt);
        files.Add(LakeFixture.Touchpoints());
        await files.CompleteAsync(CancellationToken.None);

        Assert.Throws<InvalidOperationException>(() => files.Add(LakeFixture.Touchpoints()));
    }
}
