using System.Runtime.CompilerServices;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ProfileUnifier.Core.Identity.Graph;

namespace ProfileUnifier.Core.Tests.Identity.Graph;

public sealed class TraitStampTests
{
    [Fact]
    public void SizeOf_StampAndRow_TwentyAndEightyBytes()
    {
        // A start fills a row for every signature with traits; 32 and 128 bytes before the tie was halved.
        Assert.Equal(20, Unsafe.SizeOf<TraitStamp>());
        Assert.Equal(80, Unsafe.SizeOf<SignatureTraits>());
    }

    [Property(MaxTest = 500)]
    public Property Offer_TwoEventsAtOneTime_TheGreaterWholeHashWinsInEitherOrder() =>
        Prop.ForAll(Arb.From(Gen.Zip(Hashes(), Hashes())), pair =>
        {
            var (a, b) = pair;
            var winner = a > b ? 1 : 2;
            var first = Offered((1, a), (2, b));
            var second = Offered((2, b), (1, a));
            // Hashes whose upper halves collide (1 in 2^64 for two ids) tie; the drawn ones may, and then the first offered stays.
            return (TraitStamp.TieOf(a) == TraitStamp.TieOf(b) || (first == winner && second == winner)).ToProperty();
        });

    private static int Offered(params (int Value, UInt128 Hash)[] offers)
    {
        var stamp = default(TraitStamp);
        foreach (var (value, hash) in offers)
        {
            stamp.Offer(value, ticks: 42, TraitStamp.TieOf(hash));
        }

        return stamp.Value;
    }

    private static Gen<UInt128> Hashes() =>
        // Upper halves often at the edges or equal, where a wrong conversion or comparison would show.
        Gen.Zip(Gen.Frequency((3, ArbMap.Default.GeneratorFor<ulong>()), (1, Gen.Elements(0UL, 1UL, ulong.MaxValue))), ArbMap.Default.GeneratorFor<ulong>())
            .Select(h => new UInt128(h.Item1, h.Item2));
}
