using System.IO.Hashing;
using System.Text;
using ProfileUnifier.Core.Validation;

namespace ProfileUnifier.Core.Tests.Validation;

public sealed class RecentStringsTests
{
    [Fact]
    public void Get_RepeatedValue_SameInstance()
    {
        var first = RecentStrings.Get("cmp-2026-11"u8);

        Assert.Same(first, RecentStrings.Get("cmp-2026-11"u8));
        Assert.Equal("cmp-2026-11", first);
    }

    /// <summary>Values that take one slot in turn: each is its own text, never the other's.</summary>
    [Fact]
    public void Get_ValuesSharingASlotInTurn_EachItsOwnText()
    {
        var (a, b) = TwoSharingASlot();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(a, RecentStrings.Get(Encoding.UTF8.GetBytes(a)));
            Assert.Equal(b, RecentStrings.Get(Encoding.UTF8.GetBytes(b)));
        }
    }

    [Theory]
    [InlineData("Москва")]
    [InlineData("\U0001F600 smile")]
    [InlineData("")]
    public void Get_NonAsciiOrEmpty_DecodedText(string text)
    {
        Assert.Equal(text, RecentStrings.Get(Encoding.UTF8.GetBytes(text)));
        Assert.Equal(text, RecentStrings.Get(Encoding.UTF8.GetBytes(text)));
    }

    private static (string, string) TwoSharingASlot()
    {
        // The cache has 4,096 slots chosen by the low bits of the value's XxHash3: a few thousand values give a pair.
        var bySlot = new Dictionary<ulong, string>();
        for (var i = 0; ; i++)
        {
            var value = $"value-{i}";
            var slot = XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(value)) & 4095;
            if (bySlot.TryGetValue(slot, out var other))
            {
                return (other, value);
            }

            bySlot[slot] = value;
        }
    }
}
