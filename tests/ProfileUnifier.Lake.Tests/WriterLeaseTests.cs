using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using ProfileUnifier.Lake.Commit;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Lake.Tests;

public sealed class WriterLeaseTests
{
    private static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task AcquireAsync_FreeLake_FirstEpoch()
    {
        using var root = new TempFolder();

        using var lease = await WriterLease.AcquireAsync(LakeBuilder.Context(root.Path), "a", LeaseTime, null, null, null, CancellationToken.None);

        Assert.Equal(1, lease.Epoch);
        Assert.True(lease.IsCurrent);
    }

    [Fact]
    public async Task AcquireAsync_HolderAlive_WaitsAsStandbyFollowingUntilReleased()
    {
        using var root = new TempFolder();
        var lake = LakeBuilder.Context(root.Path);
        var holder = await WriterLease.AcquireAsync(lake, "a", LeaseTime, null, null, null, CancellationToken.None);
        string? waiting = null;
        var follows = 0;

        var standby = WriterLease.AcquireAsync(lake, "b", LeaseTime, w => waiting = w, _ => Task.FromResult(Interlocked.Increment(ref follows)), null,
            CancellationToken.None);
        while (Volatile.Read(ref follows) < 3)
        {
            await Task.Delay(50);
        }

        Assert.False(standby.IsCompleted);
        Assert.Contains("a (epoch 1)", waiting, StringComparison.Ordinal);
        holder.Dispose();
        using var taken = await standby.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, taken.Epoch);
    }

    /// <summary>Time is the fake clock's: the standby takes over exactly when the heartbeat has been still for the lease time.</summary>
    [Fact]
    public async Task AcquireAsync_HolderStopsBeating_TakenOverAfterTheLeaseTime()
    {
        using var root = new TempFolder();
        var clock = new FakeTimeProvider();
        var lake = LakeBuilder.Context(root.Path, clock: clock);
        var holder = await WriterLease.AcquireAsync(lake, "a", LeaseTime, null, null, null, CancellationToken.None);
        holder.Freeze();

        var standby = WriterLease.AcquireAsync(lake, "b", LeaseTime, null, null, null, CancellationToken.None);
        for (var i = 0; i < 9; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(20);
        }

        Assert.False(standby.IsCompleted);
        // It looks again on the fake clock's timer, set from the thread pool after each look: on a loaded machine a look can
        // come after the next advance, and a clock that stopped after a fixed number of advances left it waiting for good.
        var waited = Stopwatch.StartNew();
        while (!standby.IsCompleted && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            clock.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(50);
        }

        using var taken = await standby.WaitAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(2, taken.Epoch);
        Assert.False(holder.IsCurrent);
        holder.Dispose();
        Assert.True(taken.IsCurrent);
    }

    [Fact]
    public async Task AcquireAsync_LiveHolderAndALimit_RefusesNamingTheHolder()
    {
        using var root = new TempFolder();
        var lake = LakeBuilder.Context(root.Path);
        using var holder = await WriterLease.AcquireAsync(lake, "worker-1", LeaseTime, null, null, null, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<LakeBusyException>(() =>
            WriterLease.AcquireAsync(lake, "ingest", LeaseTime, null, null, TimeSpan.FromSeconds(2), CancellationToken.None));

        Assert.Contains("worker-1 (epoch 1)", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcquireAsync_ManyStandbysRacing_OneWins()
    {
        using var root = new TempFolder();
        var lake = LakeBuilder.Context(root.Path);
        var holder = await WriterLease.AcquireAsync(lake, "a", LeaseTime, null, null, null, CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var racers = Enumerable.Range(0, 4).Select(i => WriterLease.AcquireAsync(lake, $"s{i}", LeaseTime, null, null, null, cts.Token)).ToList();

        holder.Dispose();
        var winner = await Task.WhenAny(racers);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await cts.CancelAsync();

        Assert.Equal(1, racers.Count(r => r.IsCompletedSuccessfully));
        (await winner).Dispose();
    }
}
