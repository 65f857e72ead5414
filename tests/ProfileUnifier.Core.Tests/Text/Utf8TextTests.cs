using System.Text;
using FsCheck;
using FsCheck.Fluent;
using ProfileUnifier.Core.Tests.Identity.Graph;
using ProfileUnifier.Core.Text;

namespace ProfileUnifier.Core.Tests.Text;

public sealed class Utf8TextTests
{
    [Fact]
    public void Equals_SameTextInDifferentArrays_EqualWithTheSameHash()
    {
        var a = Utf8Text.From("""{"city":"Москва"}""");
        var b = Utf8Text.From("""{"city":"Москва"}""");

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, Utf8Text.From("""{"city":"Kazan"}"""));
    }

    [Fact]
    public void Equals_NoTextAndEmptyText_NotEqual()
    {
        var none = Utf8Text.From(null);

        Assert.True(none.IsNull);
        Assert.Null(none.ToString());
        Assert.Equal(default, none);
        Assert.NotEqual(none, Utf8Text.From(""));
        Assert.Equal("", Utf8Text.From("").ToString());
    }

    [Fact]
    public void Equals_SliceOfALargerArray_EqualsTheSameTextAlone()
    {
        var block = Encoding.UTF8.GetBytes("xx2f3eab9b-e155-86fe-61c2-164e8b895a45yy");
        var slice = new Utf8Text(block, 2, 36);

        Assert.Equal("2f3eab9b-e155-86fe-61c2-164e8b895a45", slice.ToString());
        Assert.Equal(Utf8Text.From("2f3eab9b-e155-86fe-61c2-164e8b895a45"), slice);
        Assert.Equal(Utf8Text.From("2f3eab9b-e155-86fe-61c2-164e8b895a45").GetHashCode(), slice.GetHashCode());
        Assert.NotEqual(new Utf8Text(block, 2, 35), slice);
        Assert.Equal("", new Utf8Text(block, 5, 0).ToString());
    }

    [Fact]
    public void From_AnyText_ToStringGivesItBack() =>
        Prop.ForAll(Arb.From(Utf8Samples.Strings()), text =>
        {
            var kept = Utf8Text.From(text);
            return kept.ToString() == text && kept.Span.SequenceEqual(Encoding.UTF8.GetBytes(text));
        }).QuickCheckThrowOnFailure();
}
