using System.Diagnostics;
using ProfileUnifier.Lake.Commit;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Lake.Tests;

public sealed class WriterLeaseTests
{
    private static readonly TimeSpan LeaseTime = TimeSpan.FromMilliseconds(600);

    [Fact]
    public async Task AcquireAsync_FreeLake_FirstEpoch()
    {
        using var root = new TempFolder();

        using var lease = await WriterLease.AcquireAsync(root.Path, "a", LeaseTime, null, CancellationToken.None);

        Assert.Equal(1, lease.Epoch);
        Assert.True(lease.IsCurrent);
    }

    [Fact]
    public async Task AcquireAsync_HolderAlive_WaitsAsStandbyUntilReleased()
    {
        using var root = new TempFolder();
        // A generous lease: a loaded test machine can delay the holder's heartbeat timer.
        var alive = TimeSpan.FromSeconds(3);
        var holder = await WriterLease.AcquireAsync(root.Path, "a", alive, null, CancellationToken.None);
        string? waiting = null;

        var standby = WriterLease.AcquireAsync(root.Path, "b", alive, w => waiting = w, CancellationToken.None);
        await Task.Delay(alive * 2);

        Assert.False(standby.IsCompleted);
        Assert.Contains("writer a holds the lake", waiting, StringComparison.Ordinal);
        holder.Dispose();
        using var taken = await standby.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(2, taken.Epoch);
    }

    [Fact]
    public async Task AcquireAsync_HolderStopsBeating_TakenOverAfterTheLeaseTime()
    {
        using var root = new TempFolder();
        var holder = await WriterLease.AcquireAsync(root.Path, "a", LeaseTime, null, CancellationToken.None);
        holder.Freeze();
        var watch = Stopwatch.StartNew();

        using var taken = await WriterLease.AcquireAsync(root.Path, "b", LeaseTime, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.InRange(watch.Elapsed, LeaseTime, LeaseTime * 4);
        Assert.Equal(2, taken.Epoch);
        Assert.False(holder.IsCurrent);
        Assert.True(taken.IsCurrent);
        holder.Dispose();
        Assert.True(taken.IsCurrent);
    }

    [Fact]
    public async Task AcquireAsync_ManyStandbysRacing_OneWins()
    {
        using var root = new TempFolder();
        var lease = TimeSpan.FromSeconds(3);
        var holder = await WriterLease.AcquireAsync(root.Path, "a", lease, null, CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var racers = Enumerable.Range(0, 4).Select(i => WriterLease.AcquireAsync(root.Path, $"s{i}", lease, null, cts.Token)).ToList();

        holder.Dispose();
        var winner = await Task.WhenAny(racers);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await cts.CancelAsync();

        Assert.Equal(1, racers.Count(r => r.IsCompletedSuccessfully));
        (await winner).Dispose();
    }
}
