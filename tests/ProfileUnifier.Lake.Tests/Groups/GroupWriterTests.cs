using ProfileUnifier.Lake.Commit;
using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Groups;
using ProfileUnifier.Lake.Reading;
using ProfileUnifier.Lake.Storage;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Lake.Tests.Groups;

/// <summary>
/// The group commit (a batch's touchpoints, rejected lines and merges) against crashes, I/O errors and other
/// writers, read back by DuckDB: all of a commit or none of it, never twice.
/// </summary>
public sealed class GroupWriterTests
{
    private const int RowsPerBatch = 4;

    [Fact]
    public async Task CommitAsync_OneBatch_EveryTableHasItAndTheProgress()
    {
        using var root = new TempFolder();
        var writer = await LakeFixture.BatchWriterAsync(root.Path);

        Assert.Equal(1, await writer.CommitAsync(LakeFixture.Batch(1), CancellationToken.None));

        using var duck = new DuckLake(root.Path);
        Assert.Equal(RowsPerBatch, duck.Count(TableNames.Touchpoints));
        Assert.Equal(1, duck.Count(TableNames.Rejected));
        Assert.Equal(1, duck.Count(TableNames.Merges));
        var progress = LakeProgress.Of((await LakeReader.ReadAsync(root.Path, CancellationToken.None))[TableNames.Touchpoints]!);
        Assert.Equal(1, progress.Batch);
        Assert.Equal(new InputPosition("input-1", 5, null, null, Complete: false), progress.Inputs["input-1"]);
        Assert.Equal(5, progress.Totals.Lines);
    }

    /// <summary>
    /// Commits of many files are checkpointed before the version interval, so a reader replays few actions after the
    /// checkpoint; DuckDB, starting from it, sees every batch.
    /// </summary>
    [Fact]
    public async Task CommitAsync_CommitsOfManyFiles_CheckpointedBeforeTheInterval()
    {
        using var root = new TempFolder();
        var options = new LakeOptions { Root = root.Path, CheckpointAfterFileActions = 5 };
        var writer = await LakeFixture.BatchWriterAsync(root.Path, options: options);

        for (var batch = 1; batch <= 4; batch++)
        {
            await writer.CommitAsync(LakeFixture.Batch(batch), CancellationToken.None);
        }

        // Three touchpoint files a batch (web, crm, email): five or more after versions 1 and 3. One rejected file a batch: never.
        var touchpoints = new DeltaLog(Path.Combine(root.Path, TableNames.Touchpoints), LocalFileSystem.Instance);
        Assert.True(File.Exists(Path.Combine(touchpoints.Folder, DeltaLog.CheckpointName(1))));
        var reopened = await touchpoints.ReadLatestAsync(CancellationToken.None);
        Assert.Equal(3, reopened.Version);
        Assert.Equal(0, reopened.FileActionsSinceCheckpoint);
        Assert.Empty(Directory.GetFiles(Path.Combine(root.Path, TableNames.Rejected, DeltaLog.FolderName), "*.checkpoint.parquet"));
        using var duck = new DuckLake(root.Path);
        Assert.Equal(4 * RowsPerBatch, duck.Count(TableNames.Touchpoints));
        Assert.Equal(4, duck.Count(TableNames.Rejected));
    }

    /// <summary>
    /// A crash at every operation of the second batch's commit: right after it a reader sees batch 1 or batch 2 whole;
    /// reopening rolls a commit that passed its commit point forward; the lake then goes on with nothing doubled.
    /// </summary>
    [Fact]
    public async Task CommitAsync_CrashAtEveryOperation_ReaderSeesAllOrNothingAndReopenCompletes()
    {
        var operations = await OperationsOfSecondBatchAsync();
        Assert.True(operations > 10, $"a batch commit takes {operations} disk operations: the test would prove little");
        for (var crashAt = 1; crashAt <= operations; crashAt++)
        {
            using var root = new TempFolder();
            await (await LakeFixture.BatchWriterAsync(root.Path)).CommitAsync(LakeFixture.Batch(1), CancellationToken.None);
            var faulty = new FaultInjectingFileSystem { FailAt = crashAt };
            var writer = await LakeFixture.BatchWriterAsync(root.Path, faulty);

            await Assert.ThrowsAsync<SimulatedCrashException>(() => writer.CommitAsync(LakeFixture.Batch(2), CancellationToken.None));

            var seen = await ReadAlignedAsync(root.Path);
            Assert.True(seen is 1 or 2, $"crash at operation {crashAt} ({faulty.Log[^1]}): a reader saw batch {seen}");
            var reopened = await LakeFixture.BatchWriterAsync(root.Path);
            var next = reopened.LastNumber + 1;
            Assert.Equal(next, await reopened.CommitAsync(LakeFixture.Batch(next), CancellationToken.None));
            Assert.Equal(next, await ReadAlignedAsync(root.Path));
            using var duck = new DuckLake(root.Path);
            Assert.Equal(next * RowsPerBatch, duck.Count(TableNames.Touchpoints));
            Assert.Equal(next, duck.Count(TableNames.Rejected));
            Assert.Equal(next, duck.Count(TableNames.Merges));
        }
    }

    /// <summary>An I/O error at any operation: the same call again commits the batch once (finishing it if it was in).</summary>
    [Fact]
    public async Task CommitAsync_IoErrorAtEveryOperation_RetryCommitsExactlyOnce()
    {
        var operations = await OperationsOfSecondBatchAsync();
        for (var failAt = 1; failAt <= operations; failAt++)
        {
            using var root = new TempFolder();
            await (await LakeFixture.BatchWriterAsync(root.Path)).CommitAsync(LakeFixture.Batch(1), CancellationToken.None);
            var faulty = new FaultInjectingFileSystem { FailAt = failAt, AsIoError = true };
            var writer = await LakeFixture.BatchWriterAsync(root.Path, faulty);
            var batch = LakeFixture.Batch(2);

            try
            {
                await writer.CommitAsync(batch, CancellationToken.None);
            }
            catch (IOException)
            {
                faulty.FailAt = 0;
                Assert.Equal(2, await writer.CommitAsync(batch, CancellationToken.None));
            }

            using var duck = new DuckLake(root.Path);
            Assert.Equal(2 * RowsPerBatch, duck.Count(TableNames.Touchpoints));
            Assert.Equal(2, duck.Count(TableNames.Rejected));
            Assert.Equal(2, duck.Count(TableNames.Merges));
        }
    }

    /// <summary>
    /// A writer that got its batch in but stalled before the other tables (a zombie), a successor that took over and
    /// went on, then the zombie waking up: it finishes nothing twice and cannot commit again.
    /// </summary>
    [Fact]
    public async Task CommitAsync_ZombieWakesAfterSuccessorWentOn_NothingDoubledAndZombieFenced()
    {
        using var root = new TempFolder();
        await (await LakeFixture.BatchWriterAsync(root.Path)).CommitAsync(LakeFixture.Batch(1), CancellationToken.None);
        var stalls = new FaultInjectingFileSystem { AsIoError = true, FailCount = int.MaxValue };
        var zombie = await LakeFixture.BatchWriterAsync(root.Path, stalls);
        stalls.FailAt = FirstMemberOperation(await OperationLogOfSecondBatchAsync());
        await Assert.ThrowsAsync<CommitIncompleteException>(() => zombie.CommitAsync(LakeFixture.Batch(2), CancellationToken.None));

        var successor = await LakeFixture.BatchWriterAsync(root.Path);
        Assert.Equal(2, successor.LastNumber);
        Assert.Equal(3, await successor.CommitAsync(LakeFixture.Batch(3), CancellationToken.None));
        stalls.FailAt = 0;
        Assert.Equal(2, await zombie.CommitAsync(LakeFixture.Batch(2), CancellationToken.None));
        await Assert.ThrowsAsync<LakeConflictException>(() => zombie.CommitAsync(LakeFixture.Batch(3), CancellationToken.None));

        using var duck = new DuckLake(root.Path);
        Assert.Equal(3 * RowsPerBatch, duck.Count(TableNames.Touchpoints));
        Assert.Equal(3, duck.Count(TableNames.Rejected));
        Assert.Equal(3, duck.Count(TableNames.Merges));
    }

    [Fact]
    public async Task CommitAsync_TwoWritersRacing_EachBatchOnceAndTheLoserFenced()
    {
        using var root = new TempFolder();
        var writers = new[] { await LakeFixture.BatchWriterAsync(root.Path), await LakeFixture.BatchWriterAsync(root.Path) };
        var won = 0;
        var fenced = 0;

        for (var round = 0; round < 10; round++)
        {
            var attempts = writers.Select(w => Task.Run(async () =>
            {
                try
                {
                    await w.CommitAsync(LakeFixture.Batch(w.LastNumber + 1), CancellationToken.None);
                    Interlocked.Increment(ref won);
                }
                catch (LakeConflictException)
                {
                    Interlocked.Increment(ref fenced);
                    await w.RecoverAsync(CancellationToken.None);
                }
            })).ToList();
            await Task.WhenAll(attempts);
        }

        using var duck = new DuckLake(root.Path);
        Assert.Equal(20, won + fenced);
        Assert.Equal(won * RowsPerBatch, duck.Count(TableNames.Touchpoints));
        Assert.Equal(won, duck.Count(TableNames.Rejected));
        Assert.Equal(won, (await LakeReader.ReadAsync(root.Path, CancellationToken.None)).GroupNumber(TableGroup.Batch));
    }

    [Fact]
    public async Task ReadAsync_WhileAWriterCommits_EveryReaderSeesWholeBatches()
    {
        using var root = new TempFolder();
        var writer = await LakeFixture.BatchWriterAsync(root.Path);
        await writer.CommitAsync(LakeFixture.Batch(1), CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var reads = 0;
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var number = await ReadAlignedAsync(root.Path);
                Assert.InRange(number, 1, 30);
                Interlocked.Increment(ref reads);
            }
        });

        for (var batch = 2; batch <= 30; batch++)
        {
            await writer.CommitAsync(LakeFixture.Batch(batch), CancellationToken.None);
            // A read finished after each commit, whatever the machine's speed (counting reads raced a faster writer): the
            // reader reads on without pause, so the next commit runs under its next read.
            var before = Volatile.Read(ref reads);
            while (Volatile.Read(ref reads) == before && !reader.IsCompleted)
            {
                await Task.Delay(5);
            }
        }

        await stop.CancelAsync();
        await reader;
        Assert.True(reads >= 29, $"the reader only got {reads} reads in");
    }

    /// <summary>The group number every table shows to a reader, checked against the rows each table holds.</summary>
    private static async Task<long> ReadAlignedAsync(string root)
    {
        var lake = await LakeReader.ReadAsync(root, CancellationToken.None);
        var number = lake.GroupNumber(TableGroup.Batch);
        using var duck = new DuckLake(root);
        long Rows(string table) => lake.LiveFiles(table) is { Count: > 0 } files
            ? duck.Scalar<long>($"SELECT count(*) FROM read_parquet([{string.Join(", ", files.Select(f => $"'{f}'"))}])")
            : 0;
        Assert.Equal(number * RowsPerBatch, Rows(TableNames.Touchpoints));
        Assert.Equal(number, Rows(TableNames.Rejected));
        Assert.Equal(number, Rows(TableNames.Merges));
        return number;
    }

    private static async Task<int> OperationsOfSecondBatchAsync() => (await OperationLogOfSecondBatchAsync()).Count;

    private static async Task<List<string>> OperationLogOfSecondBatchAsync()
    {
        using var root = new TempFolder();
        await (await LakeFixture.BatchWriterAsync(root.Path)).CommitAsync(LakeFixture.Batch(1), CancellationToken.None);
        var counting = new FaultInjectingFileSystem();
        await (await LakeFixture.BatchWriterAsync(root.Path, counting)).CommitAsync(LakeFixture.Batch(2), CancellationToken.None);
        return counting.Log;
    }

    /// <summary>The (1-based) first operation on a member table's log after the touchpoints commit got its name.</summary>
    private static int FirstMemberOperation(List<string> log)
    {
        var committed = log.FindIndex(op => op.StartsWith("publish", StringComparison.Ordinal) && op.Contains($"{TableNames.Touchpoints}/_delta_log", StringComparison.Ordinal));
        return log.FindIndex(committed, op => op.Contains($"{TableNames.Rejected}/_delta_log", StringComparison.Ordinal)) + 1;
    }
}
