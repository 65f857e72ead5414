using ProfileUnifier.Lake.Commit;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Lake.Tests;

public sealed class LakeTransactionTests
{
    [Fact]
    public async Task StageAsync_BeforeCommit_ReadersSeeNothing()
    {
        using var root = new TempFolder();
        var lake = await LakeStore.OpenAsync(new LakeOptions { Root = root.Path }, CancellationToken.None);
        var txn = lake.Begin();
        var partition = LakeFixture.Touchpoints().Partitions()[0];
        await txn.StageManyAsync(TableNames.Touchpoints, [($"touchpoints/{partition.Folder}/part-1.parquet", partition.Rows)], CancellationToken.None);

        Assert.Empty(Directory.GetFiles(root.Path, "*.parquet", SearchOption.AllDirectories));
        Assert.False(Directory.Exists(Path.Combine(root.Path, TableNames.Touchpoints)));

        await txn.CommitAsync(CancellationToken.None);

        using var duck = new DuckLake(root.Path);
        Assert.Equal(partition.Rows.Rows, duck.Count(TableNames.Touchpoints));
        Assert.False(Directory.Exists(Path.Combine(root.Path, LakePaths.Staging, "00000000000000000001")));
    }

    [Fact]
    public async Task Abort_DropsEverythingStaged()
    {
        using var root = new TempFolder();
        var lake = await LakeStore.OpenAsync(new LakeOptions { Root = root.Path }, CancellationToken.None);
        var txn = lake.Begin();
        var partition = LakeFixture.Touchpoints().Partitions()[0];
        await txn.StageManyAsync(TableNames.Touchpoints, [($"touchpoints/{partition.Folder}/part-1.parquet", partition.Rows)], CancellationToken.None);

        txn.Abort();

        Assert.Empty(Directory.GetFiles(root.Path, "*", SearchOption.AllDirectories));
        Assert.Equal(1, lake.Begin().Txn);
    }

    [Fact]
    public async Task CommitAsync_AnotherWriterTookTheNumber_ThrowsConflictAndShowsNothing()
    {
        using var root = new TempFolder();
        var first = await LakeStore.OpenAsync(new LakeOptions { Root = root.Path }, CancellationToken.None);
        var second = await LakeStore.OpenAsync(new LakeOptions { Root = root.Path }, CancellationToken.None);
        await LakeFixture.CommitTouchpointsAsync(first);

        var conflict = await Assert.ThrowsAsync<LakeConflictException>(() => LakeFixture.CommitTouchpointsAsync(second));

        Assert.Equal(1, conflict.Txn);
        using var duck = new DuckLake(root.Path);
        Assert.Equal(LakeFixture.Lines.Length, duck.Count(TableNames.Touchpoints));
        await second.RecoverAsync(CancellationToken.None);
        Assert.Equal(2, second.Begin().Txn);
    }

    /// <summary>
    /// A crash at any step of the protocol leaves either nothing (before the log entry) or everything
    /// (after it, once the next open has rolled forward) — never a part, never a double.
    /// </summary>
    [Theory]
    [InlineData(CommitStep.FilesStaged, 1, false)]
    [InlineData(CommitStep.LogWritten, 1, true)]
    [InlineData(CommitStep.FileRenamed, 1, true)]
    [InlineData(CommitStep.FileRenamed, 2, true)]
    [InlineData(CommitStep.Applied, 1, true)]
    public async Task CommitAsync_CrashAtStep_ReopenGivesAllOrNothing(CommitStep step, int occurrence, bool committed)
    {
        using var root = new TempFolder();
        var seen = 0;
        var lake = await LakeStore.OpenAsync(new LakeOptions { Root = root.Path }, CancellationToken.None, s =>
            s == step && ++seen == occurrence ? throw new SimulatedCrashException() : Task.CompletedTask);

        await Assert.ThrowsAsync<SimulatedCrashException>(() => LakeFixture.CommitTouchpointsAsync(lake));

        var reopened = await LakeStore.OpenAsync(new LakeOptions { Root = root.Path }, CancellationToken.None);
        using var duck = new DuckLake(root.Path);
        var rows = Directory.Exists(Path.Combine(root.Path, TableNames.Touchpoints)) ? duck.Count(TableNames.Touchpoints) : 0;
        Assert.Equal(committed ? LakeFixture.Lines.Length : 0, rows);
        Assert.Equal(committed ? 1 : 0, reopened.State.LastTxn);
        Assert.False(Directory.Exists(Path.Combine(root.Path, LakePaths.Staging)));
        Assert.Empty(Directory.GetFiles(root.Path, "*" + LakePaths.StagedSuffix, SearchOption.AllDirectories));

        // And the lake goes on: the next transaction commits normally, nothing doubled.
        await LakeFixture.CommitTouchpointsAsync(reopened);
        Assert.Equal((committed ? 2 : 1) * LakeFixture.Lines.Length, duck.Count(TableNames.Touchpoints));
    }

    [Fact]
    public async Task CommitAsync_SnapshotTable_IsReplacedNotAppended()
    {
        using var root = new TempFolder();
        var lake = await LakeStore.OpenAsync(new LakeOptions { Root = root.Path }, CancellationToken.None);
        var (engine, _) = LakeFixture.Resolve();
        for (var i = 0; i < 3; i++)
        {
            var txn = lake.Begin();
            var identities = new IdentitiesRows();
            identities.AddRange(engine.Snapshot().Identities);
            await txn.StageAsync(TableNames.Identities, LakePaths.SnapshotFile(TableNames.Identities), identities, CancellationToken.None);
            await txn.CommitAsync(CancellationToken.None);
        }

        using var duck = new DuckLake(root.Path);
        Assert.Equal(engine.Snapshot().Identities.Count, duck.Count(TableNames.Identities));
        Assert.Single(Directory.GetFiles(Path.Combine(root.Path, TableNames.Identities)));
    }

    private sealed class SimulatedCrashException : Exception;
}
