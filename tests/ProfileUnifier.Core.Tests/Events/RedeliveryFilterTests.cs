using FsCheck;
using FsCheck.Xunit;
using ProfileUnifier.Core.Archive;
using ProfileUnifier.Core.Events;

namespace ProfileUnifier.Core.Tests.Events;

/// <summary>
/// The redelivery filter accepts an event_id once, whether the id was first seen in the hash set, in a run sealed in
/// memory, or in a run a checkpoint wrote; and a checkpoint gets every id taken since the last one exactly once.
/// </summary>
public sealed class RedeliveryFilterTests
{
    [Property(MaxTest = 300)]
    public bool TryAccept_AnyIdsSealingAndCheckpoints_EachIdAcceptedOnce(int[] offered, PositiveInt sealAt, PositiveInt blockIds,
        int checkpointSeed)
    {
        var random = new Random(checkpointSeed);
        // Blocks as small as a seal or a few: runs merged in place, and new blocks begun, every few seals.
        var filter = new RedeliveryFilter([], sealAt: Math.Min(sealAt.Get, 40), blockIds: Math.Min(blockIds.Get, 160));
        var model = new HashSet<string>(StringComparer.Ordinal);
        var sinceCheckpoint = new HashSet<string>(StringComparer.Ordinal);
        var agreed = true;
        for (var i = 0; i < offered.Length; i++)
        {
            var id = $"e-{Math.Abs(offered[i] % 200)}";
            // As the pipeline does, the ids a few ahead are prefetched for (a hint: it changes nothing).
            filter.Prefetch(IdHash.Of($"e-{Math.Abs(offered[(i + 2) % offered.Length] % 200)}"), 0);
            filter.Prefetch(IdHash.Of($"e-{Math.Abs(offered[(i + 1) % offered.Length] % 200)}"), 1);
            var first = model.Add(id);
            agreed &= filter.TryAccept(id) == first && filter.Contains(id);
            if (first)
            {
                sinceCheckpoint.Add(id);
            }

            if (random.Next(50) == 0)
            {
                agreed &= Checkpoint(filter, sinceCheckpoint);
                sinceCheckpoint.Clear();
            }
        }

        return agreed && !filter.Contains("never-offered") && Checkpoint(filter, sinceCheckpoint);
    }

    [Fact]
    public void TryAccept_ManySealedRuns_AcceptsOnlyNewIds()
    {
        var filter = new RedeliveryFilter([], sealAt: 16);
        var ids = Enumerable.Range(0, 5_000).Select(i => $"evt-{i}").ToArray();

        Assert.All(ids, id => Assert.True(filter.TryAccept(id)));
        Assert.All(ids, id => Assert.False(filter.TryAccept(id)));

        var runs = filter.Unarchived();
        // Merged while of a size within blocks that double from four seals: a run or two a block (17 here), not one per 16
        // ids (312).
        Assert.InRange(runs.Count, 2, 24);
        Assert.Equal(ids.Select(IdHash.Of).Order(), RedeliveryFilter.Merge(runs));
    }

    [Fact]
    public void TryAccept_StateOnSeveralArchivedRuns_RefusesTheirIdsAndAcceptsNewOnes()
    {
        // Runs of uneven sizes, as checkpoints leave them; their index is made on the first offer.
        var runs = new[] { 7_000, 300, 1 }.Select((size, run) => (ReadOnlyMemory<UInt128>)Enumerable.Range(0, size)
            .Select(i => IdHash.Of($"run{run}-{i}")).Order().ToArray()).ToArray();
        var filter = new RedeliveryFilter(runs, sealAt: 64);

        Assert.All(Enumerable.Range(0, 7_000), i => Assert.False(filter.TryAccept($"run0-{i}")));
        Assert.All(Enumerable.Range(0, 300), i => Assert.False(filter.TryAccept($"run1-{i}")));
        Assert.False(filter.TryAccept("run2-0"));
        Assert.All(Enumerable.Range(0, 1_000), i => Assert.True(filter.TryAccept($"new-{i}")));
        Assert.All(Enumerable.Range(0, 1_000), i => Assert.False(filter.TryAccept($"new-{i}")));
    }

    /// <summary>Writes the filter's fresh runs as one (as a checkpoint does) and checks they held exactly the ids taken since the last.</summary>
    private static bool Checkpoint(RedeliveryFilter filter, HashSet<string> sinceCheckpoint)
    {
        var fresh = filter.Unarchived();
        var sorted = fresh.All(r => r.Span.SequenceEqual(r.ToArray().Order().ToArray()));
        var merged = RedeliveryFilter.Merge(fresh).ToArray();
        var exact = merged.Length == fresh.Sum(r => r.Length) && merged.SequenceEqual(sinceCheckpoint.Select(IdHash.Of).Order());
        filter.Archived([.. filter.Runs, merged]);
        return sorted && exact;
    }
}
