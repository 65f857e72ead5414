using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ProfileUnifier.Core.Events;

namespace ProfileUnifier.Core.Tests.Events;

public sealed class IdBloomFilterTests
{
    [Property(MaxTest = 200)]
    public Property MightContain_EveryIdAdded_True() =>
        Prop.ForAll(Arb.From(Gen.ArrayOf(Id())), Arb.From(Gen.Choose(1, 200)), (ids, capacity) =>
        {
            // Past its capacity too: more ids only raise the false positives, never lose one.
            var filter = new IdBloomFilter(capacity);
            foreach (var id in ids)
            {
                filter.Add(id);
            }

            return ids.All(filter.MightContain);
        });

    [Fact]
    public void MightContain_IdsNeverAdded_FewFalsePositivesAtCapacity()
    {
        var random = new Random(11);
        var filter = new IdBloomFilter(100_000);
        for (var i = 0; i < 100_000; i++)
        {
            filter.Add(RandomId(random));
        }

        var falsePositives = Enumerable.Range(0, 100_000).Count(_ => filter.MightContain(RandomId(random)));

        // About 1 % by design (10 bits and 6 probes an id in a block of 512 bits).
        Assert.InRange(falsePositives, 1, 2_500);
    }

    private static Gen<UInt128> Id() =>
        from high in Gen.Choose(int.MinValue, int.MaxValue)
        from low in Gen.Choose(int.MinValue, int.MaxValue)
        from spread in Gen.Choose(0, 63)
        select new UInt128((ulong)(uint)high << spread | (uint)low, (ulong)(uint)low << 32 | (uint)high);

    private static UInt128 RandomId(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return BinaryPrimitives.ReadUInt128LittleEndian(bytes);
    }
}
