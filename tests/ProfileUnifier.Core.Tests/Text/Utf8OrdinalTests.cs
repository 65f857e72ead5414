using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ProfileUnifier.Core.Text;
using ProfileUnifier.Core.Tests.Identity.Graph;

namespace ProfileUnifier.Core.Tests.Text;

public sealed class Utf8OrdinalTests
{
    [Theory]
    [InlineData("a", "b")]
    [InlineData("ab", "abc")]
    [InlineData("я", "z")]
    [InlineData("\uE000", "\U0001F600")] // U+E000 sorts after the surrogate pair by UTF-16 code unit, before it by byte.
    [InlineData("x\uFFFD", "x\U0010FFFF")]
    [InlineData("same", "same")]
    public void Compare_TwoValues_SameSignAsCompareOrdinal(string a, string b)
    {
        Assert.Equal(Math.Sign(string.CompareOrdinal(a, b)), Math.Sign(Utf8Ordinal.Compare(Utf8Samples.Bytes(a), Utf8Samples.Bytes(b))));
        Assert.Equal(Math.Sign(string.CompareOrdinal(b, a)), Math.Sign(Utf8Ordinal.Compare(Utf8Samples.Bytes(b), Utf8Samples.Bytes(a))));
    }

    [Property(MaxTest = 1000)]
    public Property Compare_AnyTwoStrings_SameSignAsCompareOrdinal() =>
        Prop.ForAll(Utf8Samples.Arbitrary(), Utf8Samples.Arbitrary(), (a, b) =>
            Math.Sign(string.CompareOrdinal(a, b)) == Math.Sign(Utf8Ordinal.Compare(Utf8Samples.Bytes(a), Utf8Samples.Bytes(b))));

    [Property(MaxTest = 500)]
    public Property Compare_StringsWithACommonPrefix_SameSignAsCompareOrdinal() =>
        Prop.ForAll(Utf8Samples.Arbitrary(), Utf8Samples.Arbitrary(), Utf8Samples.Arbitrary(), (prefix, a, b) =>
            Math.Sign(string.CompareOrdinal(prefix + a, prefix + b)) ==
            Math.Sign(Utf8Ordinal.Compare(Utf8Samples.Bytes(prefix + a), Utf8Samples.Bytes(prefix + b))));
}
