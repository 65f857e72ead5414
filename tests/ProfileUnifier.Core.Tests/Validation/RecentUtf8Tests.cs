using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using ProfileUnifier.Core.Validation;

namespace ProfileUnifier.Core.Tests.Validation;

public sealed class RecentUtf8Tests
{
    [Fact]
    public void Get_RepeatedValue_SameBytes()
    {
        var first = RecentUtf8.Get("""{"url":"/pricing"}"""u8);
        var second = RecentUtf8.Get("""{"url":"/pricing"}"""u8);

        Assert.True(SameMemory(first.Span, second.Span));
        Assert.Equal("""{"url":"/pricing"}""", first.ToString());
    }

    [Fact]
    public void Get_ValueKeptFromALine_NotTheLinesBytes()
    {
        var line = Encoding.UTF8.GetBytes("""{"url":"/a"}""");
        var kept = RecentUtf8.Get(line);

        line[8] = (byte)'b';

        Assert.Equal("""{"url":"/a"}""", kept.ToString());
    }

    /// <summary>Values that take one slot in turn: each is its own text, never the other's.</summary>
    [Fact]
    public void Get_ValuesSharingASlotInTurn_EachItsOwnText()
    {
        var (a, b) = TwoSharingASlot();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(a, RecentUtf8.Get(Encoding.UTF8.GetBytes(a)).ToString());
            Assert.Equal(b, RecentUtf8.Get(Encoding.UTF8.GetBytes(b)).ToString());
        }
    }

    [Theory]
    [InlineData("""{"city":"Москва"}""")]
    [InlineData("\U0001F600 smile")]
    [InlineData("")]
    public void Get_NonAsciiOrEmpty_SameText(string text)
    {
        var kept = RecentUtf8.Get(Encoding.UTF8.GetBytes(text));

        Assert.False(kept.IsNull);
        Assert.Equal(text, kept.ToString());
    }

    [Fact]
    public void Get_LongerThanKeptValues_SameText()
    {
        var text = $$"""{"note":"{{new string('x', 400)}}"}""";

        Assert.Equal(text, RecentUtf8.Get(Encoding.UTF8.GetBytes(text)).ToString());
    }

    private static bool SameMemory(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) =>
        Unsafe.AreSame(ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(b));

    private static (string, string) TwoSharingASlot()
    {
        // The cache has 4,096 slots chosen by the low bits of the value's XxHash3: a few thousand values give a pair.
        var bySlot = new Dictionary<ulong, string>();
        for (var i = 0; ; i++)
        {
            var value = $$"""{"n":{{i}}}""";
            var slot = XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(value)) & 4095;
            if (bySlot.TryGetValue(slot, out var other))
            {
                return (other, value);
            }

            bySlot[slot] = value;
        }
    }
}
