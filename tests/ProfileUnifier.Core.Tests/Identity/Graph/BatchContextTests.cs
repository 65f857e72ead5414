using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ProfileUnifier.Core.Identity.Graph;

namespace ProfileUnifier.Core.Tests.Identity.Graph;

public sealed class BatchContextTests
{
    /// <summary>Signatures added in any order, over resolves: what is new is exactly what was added since the last one.</summary>
    [Property(MaxTest = 300)]
    public Property IsNewSignature_SignaturesAddedInAnyOrder_SameAsTheMap() =>
        Prop.ForAll(Arb.From(Gen.ListOf(Gen.ListOf(Gen.Choose(0, 63)))), batches =>
        {
            var batch = new BatchContext();
            foreach (var added in batches)
            {
                var expected = new Dictionary<int, (string, long)>();
                foreach (var sig in added)
                {
                    batch.AddNewSignature(sig, $"e{sig}", sig * 10L);
                    expected[sig] = ($"e{sig}", sig * 10L);
                }

                if (batch.NewSignatureCount != expected.Count ||
                    !batch.NewSignatures.SequenceEqual(expected.OrderBy(p => p.Key).Select(p => (p.Key, p.Value))))
                {
                    return false;
                }

                for (var sig = 0; sig < 64; sig++)
                {
                    var found = batch.TryGetNewSignature(sig, out var first);
                    if (batch.IsNewSignature(sig) != expected.ContainsKey(sig) || found != expected.TryGetValue(sig, out var want) || first != want)
                    {
                        return false;
                    }
                }

                batch.Clear();
            }

            return true;
        });

    [Fact]
    public void IsNewSignature_LowerSignatureAddedAfterAHigherOne_New()
    {
        var batch = new BatchContext();
        batch.AddNewSignature(7, "later", 2);
        batch.AddNewSignature(3, "earlier", 1);

        Assert.True(batch.IsNewSignature(3));
        Assert.True(batch.TryGetNewSignature(3, out var first));
        Assert.Equal(("earlier", 1L), first);
        Assert.False(batch.IsNewSignature(5));
        Assert.Equal([(3, ("earlier", 1L)), (7, ("later", 2L))], batch.NewSignatures);
    }

    [Fact]
    public void TryGetNewSignature_EarlierEventOfAnAddedSignature_KeepsTheLastNotedAndCountsOnce()
    {
        var batch = new BatchContext();
        batch.AddNewSignature(40, "first", 5);
        batch.AddNewSignature(41, "other", 6);
        batch.AddNewSignature(40, "earlier", 4);

        Assert.Equal(2, batch.NewSignatureCount);
        Assert.Equal(("earlier", 4L), batch.FirstOf(40));
        Assert.False(batch.TryGetNewSignature(39, out _));
        Assert.False(batch.TryGetNewSignature(42, out _));
        Assert.Throws<KeyNotFoundException>(() => batch.FirstOf(39));
    }

    [Fact]
    public void Clear_AfterABatch_NothingNewAndTheNextRunStartsAnywhere()
    {
        var batch = new BatchContext();
        for (var sig = 100; sig < 3000; sig++)
        {
            batch.AddNewSignature(sig, $"e{sig}", sig);
        }

        batch.Clear();
        batch.AddNewSignature(5000, "next", 1);

        Assert.Equal(1, batch.NewSignatureCount);
        Assert.False(batch.IsNewSignature(100));
        Assert.False(batch.IsNewSignature(2999));
        Assert.Equal([(5000, ("next", 1L))], batch.NewSignatures);
    }
}
