using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ProfileUnifier.Core.Archive;

namespace ProfileUnifier.Core.Tests.Archive;

public sealed class SortedRunsTests
{
    [Property(MaxTest = 300)]
    public Property Merge_KeysInSeveralRuns_EachKeyOnceFoldedInRunOrder() =>
        Prop.ForAll(Arb.From(Gen.ListOf(Gen.Choose(0, 300))), Arb.From(Gen.Choose(1, 6)), Arb.From(Gen.Choose(0, 1000)), (keys, runCount, seed) =>
        {
            // Each run takes each key with even odds: keys in one run, in several or in none; runs of any size, some empty.
            var random = new Random(seed);
            var runs = Enumerable.Range(0, runCount)
                .Select(r => keys.Distinct().Where(_ => random.Next(2) == 0).Order().Select(k => new Report(k, $"{r}")).ToArray())
                .ToList();

            var merged = SortedRuns.Merge([.. runs.Select(r => (ReadOnlyMemory<Report>)r)], Report.ByKey, Report.Fold);

            // GroupBy keeps each key's reports in the order met: run order.
            return merged.SequenceEqual(runs.SelectMany(r => r).GroupBy(r => r.Key).OrderBy(g => g.Key).Select(g => g.Aggregate(Report.Fold)));
        });

    [Fact]
    public void Merge_RunsLongerThanABlock_GivesEveryKeyOnceInOrder()
    {
        // A large run and smaller ones sharing some of its keys: stretches cut by the merge's blocks and by the other heads.
        var large = Enumerable.Range(0, 50_000).Select(k => new Report(k * 2, "a")).ToArray();
        var shared = Enumerable.Range(0, 700).Select(k => new Report(k * 131, "b")).ToArray();
        var beyond = Enumerable.Range(0, 5_000).Select(k => new Report(100_000 + k, "c")).ToArray();

        var merged = SortedRuns.Merge([large, shared, beyond], Report.ByKey, Report.Fold).ToList();

        var expected = large.Concat(shared).Concat(beyond).GroupBy(r => r.Key).OrderBy(g => g.Key).Select(g => g.Aggregate(Report.Fold));
        Assert.Equal(expected, merged);
        Assert.Equal("ab", merged.Single(r => r.Key == 262).Trail);
    }

    [Property(MaxTest = 300)]
    public Property MergeDisjoint_ManyRunsWithNoKeyInCommon_SameAsMerge() =>
        Prop.ForAll(Arb.From(Gen.ListOf(Gen.Choose(0, 5000))), Arb.From(Gen.Choose(1, 7)), Arb.From(Gen.Choose(0, 1000)), (keys, runCount, seed) =>
        {
            var runs = DealSorted(keys.Distinct().Select(k => (UInt128)k << 64 | (UInt128)(uint)k), runCount, new Random(seed));

            return SortedRuns.MergeDisjoint(runs).SequenceEqual(SortedRuns.Merge(runs, Comparer<UInt128>.Default, static (x, _) => x));
        });

    [Fact]
    public void MergeDisjoint_RunsLongerThanABlock_GivesEveryKeyOnceInOrder()
    {
        // Interleaved runs, one run wholly below the others, and an empty one: stretches cut by the merge's 8,192-record blocks.
        var random = new Random(7);
        var keys = Enumerable.Range(0, 60_000).Select(_ => new UInt128((ulong)random.NextInt64(), (ulong)random.NextInt64())).Distinct().ToList();
        var runs = DealSorted(keys.Where(k => k > UInt128.MaxValue / 4), 3, random);
        runs.Add(keys.Where(k => k <= UInt128.MaxValue / 4).Order().ToArray());
        runs.Add(ReadOnlyMemory<UInt128>.Empty);

        Assert.Equal(keys.Order(), SortedRuns.MergeDisjoint(runs));
    }

    [Fact]
    public void MergeDisjoint_KeyInTwoRuns_Throws()
    {
        List<ReadOnlyMemory<UInt128>> runs = [new UInt128[] { 1, 3 }, new UInt128[] { 2, 3 }];

        var error = Assert.Throws<InvalidOperationException>(() => SortedRuns.MergeDisjoint(runs).ToList());

        Assert.Contains("not disjoint", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The keys dealt at random to <paramref name="count"/> runs, each sorted.</summary>
    private static List<ReadOnlyMemory<UInt128>> DealSorted(IEnumerable<UInt128> keys, int count, Random random)
    {
        var runs = Enumerable.Range(0, count).Select(_ => new List<UInt128>()).ToList();
        foreach (var key in keys)
        {
            runs[random.Next(count)].Add(key);
        }

        return [.. runs.Select(r => (ReadOnlyMemory<UInt128>)r.Order().ToArray())];
    }

    /// <summary>A record of a key and the runs it was folded from: the fold's order shows in <see cref="Trail"/>.</summary>
    private sealed record Report(int Key, string Trail)
    {
        public static IComparer<Report> ByKey { get; } = Comparer<Report>.Create(static (a, b) => a.Key.CompareTo(b.Key));

        public static Report Fold(Report kept, Report other) => kept with { Trail = kept.Trail + other.Trail };
    }
}
