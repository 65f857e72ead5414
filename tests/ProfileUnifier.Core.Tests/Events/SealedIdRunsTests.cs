using FsCheck;
using FsCheck.Xunit;
using ProfileUnifier.Core.Archive;
using ProfileUnifier.Core.Events;

namespace ProfileUnifier.Core.Tests.Events;

/// <summary>
/// The redelivery filter's sealed runs, merged in place within their blocks, hold every id sealed exactly once, each run
/// sorted, whatever the sizes of the seals and the blocks; and a block is filled again after a clear.
/// </summary>
public sealed class SealedIdRunsTests
{
    [Property(MaxTest = 300)]
    public bool MergeNewest_AnySealsAndBlocks_RunsHoldEverySealedIdSorted(PositiveInt[] sealSizes, PositiveInt blockIds, int seed)
    {
        var random = new Random(seed);
        var runs = new SealedIdRuns(Math.Min(blockIds.Get, 200));
        var recent = new IdHashSet();
        var sealedSoFar = new List<UInt128>();
        var agreed = true;
        foreach (var size in sealSizes)
        {
            var ids = Enumerable.Range(0, Math.Min(size.Get, 60)).Select(_ => RandomId(random)).Distinct().ToArray();
            foreach (var id in ids)
            {
                recent.Add(id);
            }

            agreed &= runs.Add(recent).ToArray().SequenceEqual(ids.Order());
            recent.Clear();
            runs.MergeNewest();
            sealedSoFar.AddRange(ids);
            agreed &= runs.Runs.All(r => r.Ids.Span.SequenceEqual(r.Ids.ToArray().Order().ToArray())) &&
                      SortedRuns.MergeDisjoint([.. runs.Runs.Select(r => r.Ids)]).SequenceEqual(sealedSoFar.Order()) &&
                      runs.Ids == sealedSoFar.Count && sealedSoFar.All(id => runs.Runs.Count(r => r.Contains(id)) == 1);
        }

        return agreed;
    }

    [Fact]
    public void MergeNewest_SealsOfOneSize_BlocksDoubleToTheLimitEachMergedIntoFewRuns()
    {
        var runs = new SealedIdRuns(blockIds: 64);
        var recent = new IdHashSet();
        var random = new Random(7);
        for (var seal = 0; seal < 40; seal++)
        {
            for (var i = 0; i < 8; i++)
            {
                recent.Add(RandomId(random));
            }

            runs.Add(recent);
            recent.Clear();
            runs.MergeNewest();
        }

        // The first block holds four seals (three merged, as the older run may be at most twice the newer), the next
        // twice that, the limit: eight seals, merged into one run by the time it is full. The last holds the four after.
        Assert.Equal(320, runs.Ids);
        Assert.Equal([24, 8, 64, 64, 64, 64, 24, 8], runs.Runs.Select(r => r.Ids.Length));
    }

    [Fact]
    public void Add_AfterClear_StartsAgainWithOnlyTheNewIds()
    {
        var runs = new SealedIdRuns(blockIds: 1_000);
        var recent = new IdHashSet();
        var random = new Random(3);
        var before = Enumerable.Range(0, 500).Select(_ => RandomId(random)).ToArray();
        foreach (var id in before)
        {
            recent.Add(id);
        }

        runs.Add(recent);
        recent.Clear();
        runs.Clear();
        var after = Enumerable.Range(0, 300).Select(_ => RandomId(random)).ToArray();
        foreach (var id in after)
        {
            recent.Add(id);
        }

        runs.Add(recent);

        var run = Assert.Single(runs.Runs);
        Assert.Equal(after.Order(), run.Ids.ToArray());
        Assert.Equal(300, runs.Ids);
        Assert.All(before, id => Assert.False(run.Contains(id)));
    }

    private static UInt128 RandomId(Random random) => new((ulong)random.NextInt64(), (ulong)random.NextInt64());
}
