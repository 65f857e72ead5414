using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ProfileUnifier.Core.Archive;

namespace ProfileUnifier.Core.Tests.Archive;

public sealed class SortedRunsTests
{
    [Property(MaxTest = 300)]
    public Property MergeDisjoint_TwoRunsWithNoKeyInCommon_SameAsMerge() =>
        Prop.ForAll(Arb.From(Gen.ListOf(Gen.Choose(0, 5000))), Arb.From(Gen.Choose(0, 1000)), (keys, seed) =>
        {
            // Distinct keys dealt at random to two runs, each sorted.
            var random = new Random(seed);
            var distinct = keys.Distinct().Select(k => (UInt128)k << 64 | (UInt128)(uint)k).ToList();
            var a = distinct.Where(_ => random.Next(2) == 0).ToArray();
            var b = distinct.Except(a).ToArray();
            Array.Sort(a);
            Array.Sort(b);
            var merged = new UInt128[a.Length + b.Length];

            SortedRuns.MergeDisjoint<UInt128>(a, b, merged);

            return merged.SequenceEqual(SortedRuns.Merge<UInt128>([a, b], Comparer<UInt128>.Default, static (x, _) => x));
        });

    [Fact]
    public void MergeDisjoint_DestinationOfAnotherLength_Throws()
    {
        UInt128[] a = [1, 3];
        UInt128[] b = [2];

        Assert.Throws<ArgumentException>(() => SortedRuns.MergeDisjoint<UInt128>(a, b, new UInt128[2]));
    }
}
