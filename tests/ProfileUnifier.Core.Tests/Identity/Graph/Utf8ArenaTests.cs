using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ProfileUnifier.Core.Identity.Graph;

namespace ProfileUnifier.Core.Tests.Identity.Graph;

public sealed class Utf8ArenaTests
{
    [Fact]
    public void Add_ValuesFillingManyPages_EachReadsBackAtItsPosition()
    {
        var arena = new Utf8Arena();
        var values = Enumerable.Range(0, 20_000).Select(i => $"value-{i}-{new string('x', i % 300)}").ToList();

        var positions = values.Select(v => arena.Add(Utf8Samples.Bytes(v))).ToList();

        Assert.True(arena.Bytes > 2 * Utf8Arena.PageSize);
        Assert.All(values.Zip(positions), p => Assert.Equal(Utf8Samples.Bytes(p.First), arena[p.Second].ToArray()));
    }

    [Fact]
    public void Add_ValueLongerThanAPage_GetsItsOwnPageAndTheNextGoesOnAFreshOne()
    {
        var arena = new Utf8Arena();
        var small = arena.Add("a"u8);
        var large = Enumerable.Range(0, (3 * Utf8Arena.PageSize) + 17).Select(i => (byte)('a' + (i % 26))).ToArray();

        var big = arena.Add(large);
        var after = arena.Add("b"u8);

        Assert.Equal("a"u8.ToArray(), arena[small].ToArray());
        Assert.Equal(large, arena[big].ToArray());
        Assert.Equal("b"u8.ToArray(), arena[after].ToArray());
    }

    [Fact]
    public void Add_EmptyValue_ReadsBackEmpty()
    {
        var arena = new Utf8Arena();
        var position = arena.Add([]);

        Assert.Equal(0, arena[position].Length);
    }

    [Property(MaxTest = 200)]
    public Property Add_AnyStrings_ReadBackAsTheirUtf8() =>
        Prop.ForAll(Arb.From(Gen.ListOf(Utf8Samples.Strings())), values =>
        {
            var arena = new Utf8Arena();
            var positions = values.Select(v => arena.Add(Utf8Samples.Bytes(v))).ToList();
            return values.Zip(positions).All(p => arena[p.Second].SequenceEqual(Utf8Samples.Bytes(p.First)));
        });
}
