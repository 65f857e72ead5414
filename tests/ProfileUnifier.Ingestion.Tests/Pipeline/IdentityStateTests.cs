using ProfileUnifier.Core.Identity;
using ProfileUnifier.Ingestion.Pipeline;
using ProfileUnifier.Lake.Snapshots;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Synthetic;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Ingestion.Tests.Pipeline;

public sealed class IdentityStateTests
{
    /// <summary>
    /// The end of an ingest builds the snapshot tables from the engine while the checkpoint is written: the checkpoint may
    /// read beside it, but moves the engine's orders and redeliveries onto its new runs (unmapping the old) only after.
    /// </summary>
    [Fact]
    public async Task SaveAsync_OtherReadersStillReading_ArchivesOnlyOnceTheyEnd()
    {
        using var dir = new TempFolder();
        Datasets.Write(dir["data"], new GeneratorOptions { Accounts = 10, Events = 3_000, Days = 30, Seed = 11 });
        await LakeBuilder.IngestAsync(dir["lake"], [dir["data/events.ndjson"]]);
        // Without a checkpoint the state is replayed from the lake: every order and id is taken but not archived.
        Directory.Delete(dir[$"lake/{IdentityCheckpoints.FolderName}"], recursive: true);
        var lake = LakeBuilder.Context(dir["lake"]);
        var touchpoints = (await lake.OpenTableAsync(TableNames.Touchpoints, CancellationToken.None)).Snapshot;
        using var state = await IdentityState.LoadAsync(lake, touchpoints, new IdentityRules(), TestLog.Create("state"), null, CancellationToken.None);
        var orders = state.Engine.UnarchivedOrders().Length;
        Assert.True(orders > 0, "the data set has no order reports");
        Assert.Empty(state.Engine.OrderRuns);

        var reading = new TaskCompletionSource();
        var save = state.SaveAsync(lake, CancellationToken.None, reading.Task);
        var checkpoints = new IdentityCheckpoints(lake.Root, lake.Fs);
        Assert.True(SpinWait.SpinUntil(() => checkpoints.Batches().Contains(state.Batch) || save.IsCompleted, TimeSpan.FromSeconds(30)));
        await Task.WhenAny(save, Task.Delay(300));

        Assert.False(save.IsCompleted, "the checkpoint moved the engine while another reader was reading it");
        Assert.Equal(orders, state.Engine.UnarchivedOrders().Length);
        Assert.Empty(state.Engine.OrderRuns);

        reading.SetException(new InvalidOperationException("a reader that failed still ends its reading"));
        await save;
        Assert.Empty(state.Engine.UnarchivedOrders());
        Assert.Equal(orders, state.Engine.OrderRuns.Sum(r => r.Length));
    }
}
