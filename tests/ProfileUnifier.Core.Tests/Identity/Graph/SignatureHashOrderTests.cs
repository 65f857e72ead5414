using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ProfileUnifier.Core.Identity.Graph;

namespace ProfileUnifier.Core.Tests.Identity.Graph;

public sealed class SignatureHashOrderTests
{
    [Property(MaxTest = 300)]
    public Property Of_SignaturesAddedInAnyBatches_SameAsSortingAll() =>
        Prop.ForAll(Arb.From(Gen.ListOf(Gen.ListOf(Gen.Zip(ArbMap.Default.GeneratorFor<ulong>(), Gen.Choose(0, 3))))), batches =>
        {
            var order = new SignatureHashOrder();
            var hash = new Column<UInt128>();
            var seen = new HashSet<UInt128>();
            var count = 0;
            foreach (var batch in batches)
            {
                foreach (var (low, high) in batch)
                {
                    // Few distinct top halves: hashes that differ only in their low 64 bits must sort by them too.
                    var h = new UInt128((ulong)high, low);
                    if (seen.Add(h))
                    {
                        hash.EnsureCapacity(count + 1);
                        hash[count++] = h;
                    }
                }

                var (byHash, hashes) = order.Of(hash, count);
                var expected = Enumerable.Range(0, count).OrderBy(sig => hash[sig]).ToArray();
                if (!byHash.SequenceEqual(expected) || !hashes.SequenceEqual(expected.Select(sig => hash[sig])))
                {
                    return false;
                }
            }

            return true;
        });

    [Fact]
    public void Of_AfterAnEarlierCall_EarlierArraysUnchanged()
    {
        var order = new SignatureHashOrder();
        var hash = new Column<UInt128>();
        (hash[0], hash[1]) = (5, 3);
        var (first, firstHashes) = order.Of(hash, 2);
        var (before, beforeHashes) = (first.ToArray(), firstHashes.ToArray());

        hash[2] = 4;
        var (second, _) = order.Of(hash, 3);

        Assert.Equal([1, 2, 0], second);
        Assert.Equal(before, first);
        Assert.Equal(beforeHashes, firstHashes);
    }
}
