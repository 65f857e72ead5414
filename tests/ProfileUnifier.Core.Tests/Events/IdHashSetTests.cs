using FsCheck;
using FsCheck.Xunit;
using ProfileUnifier.Core.Events;

namespace ProfileUnifier.Core.Tests.Events;

/// <summary>
/// The redelivery filter's set of new ids answers as <see cref="HashSet{T}"/> does, through growth, clears, the id zero and
/// ids that share their top bits (the slot they start from) or differ in them only.
/// </summary>
public sealed class IdHashSetTests
{
    [Property(MaxTest = 300)]
    public bool Add_AnyIdsAndClears_AnswersAsAHashSet(int[] offered, int shape)
    {
        var set = new IdHashSet();
        var model = new HashSet<UInt128>();
        var agreed = true;
        foreach (var value in offered)
        {
            var id = IdOf(value, shape);
            if (value % 97 == 0)
            {
                set.Clear();
                model.Clear();
            }

            agreed &= set.Add(id) == model.Add(id) && set.Contains(id) && set.Count == model.Count;
        }

        // Ids offered or not, present or cleared: the same answers.
        var probes = Enumerable.Range(-600, 1_200).Select(v => IdOf(v, shape));
        return agreed && set.ToSortedArray().SequenceEqual(model.Order()) && probes.All(id => set.Contains(id) == model.Contains(id));
    }

    [Fact]
    public void Add_ThousandsOfIdsWithTheSameTopBits_AllKeptInOrder()
    {
        // One home slot for all of them: every add probes past the others, and the table grows several times meanwhile.
        var set = new IdHashSet();
        var ids = Enumerable.Range(1, 5_000).Select(i => new UInt128(0xABCD_0000_0000_0000, (ulong)i)).Reverse().ToArray();

        Assert.All(ids, id => Assert.True(set.Add(id)));
        Assert.All(ids, id => Assert.False(set.Add(id)));
        Assert.Equal(ids.Order(), set.ToSortedArray());
    }

    // Ids of a few kinds: small ones (zero among them), ones that differ only in their low half, in their top bits, or anywhere.
    private static UInt128 IdOf(int value, int shape) => (shape & 3) switch
    {
        0 => (UInt128)(uint)(value % 50),
        1 => new UInt128(0x1234_5678_9ABC_DEF0, (ulong)(value % 500)),
        2 => new UInt128((ulong)(value % 500) << 54, 42),
        _ => new UInt128((ulong)value * 0x9E37_79B9_7F4A_7C15, (ulong)value),
    };
}
