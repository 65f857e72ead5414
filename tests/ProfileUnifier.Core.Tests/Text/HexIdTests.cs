using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ProfileUnifier.Core.Text;

namespace ProfileUnifier.Core.Tests.Text;

public sealed class HexIdTests
{
    [Property(MaxTest = 500)]
    public Property Of_AnyHashAndLength_PrefixAndLeadingDigitsOfItsHex() =>
        Prop.ForAll(Arb.From(Gen.Choose(1, 32)), Arb.From(Halves()), Arb.From(Halves()), (digits, high, low) =>
        {
            var hash = new UInt128(high, low);
            return HexId.Of("p_", hash, digits) == "p_" + hash.ToString("x32", CultureInfo.InvariantCulture)[..digits];
        });

    [Property(MaxTest = 500)]
    public Property WriteUtf8_AnyHash_TheBytesOfItsThirtyTwoDigits() =>
        Prop.ForAll(Arb.From(Halves()), Arb.From(Halves()), (high, low) =>
        {
            var hash = new UInt128(high, low);
            var utf8 = new byte[32];
            HexId.WriteUtf8(hash, utf8);
            return System.Text.Encoding.ASCII.GetString(utf8) == HexId.Of("", hash, 32);
        });

    private static Gen<ulong> Halves() =>
        from a in Gen.Choose(int.MinValue, int.MaxValue)
        from b in Gen.Choose(int.MinValue, int.MaxValue)
        select ((ulong)(uint)a << 32) | (uint)b;

    [Fact]
    public void Of_ProfileIdLength_SameAsTheSixteenAndFourDigitPieces()
    {
        var hash = new UInt128(0x0123456789abcdef, 0xfedcba9876543210);

        Assert.Equal("p_0123456789abcdeffedc", HexId.Of("p_", hash, 20));
        Assert.Equal("0123456789abcdeffedcba9876543210", HexId.Of("", hash, 32));
    }
}
