using ProfileUnifier.Core.Memory;

namespace ProfileUnifier.Core.Events;

/// <summary>
/// A blocked Bloom filter of id hashes: an id sets 6 bits of one block of 8 words (512 bits, a cache line's worth) for
/// about 51 ids, so a lookup reads one block and most ids not added are turned away (about 1 % are not).
/// </summary>
internal sealed class IdBloomFilter
{
    private const int IdsPerBlock = 51, WordsPerBlock = 8, BitsPerId = 6;

    private readonly ulong[] _words;

    /// <param name="capacity">The ids it is sized for; more can be added, at a higher rate of false positives.</param>
    public IdBloomFilter(int capacity)
    {
        Capacity = capacity;
        _words = new ulong[Math.Max(1, capacity / IdsPerBlock) * WordsPerBlock];
    }

    public int Capacity { get; }

    public void Add(UInt128 id)
    {
        var (block, positions) = Place(id);
        for (var k = 0; k < BitsPerId; k++, positions >>= 9)
        {
            _words[block + ((int)(positions & 511) >> 6)] |= 1UL << (int)(positions & 63);
        }
    }

    public void Add(ReadOnlySpan<UInt128> ids)
    {
        foreach (var id in ids)
        {
            Add(id);
        }
    }

    /// <summary>False if <paramref name="id"/> was never added; true if it was, and for a few that were not.</summary>
    public bool MightContain(UInt128 id)
    {
        var (block, positions) = Place(id);
        for (var k = 0; k < BitsPerId; k++, positions >>= 9)
        {
            if ((_words[block + ((int)(positions & 511) >> 6)] & (1UL << (int)(positions & 63))) == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Asks for the cache line of <paramref name="id"/>'s block (see <see cref="RedeliveryFilter.Prefetch"/>).</summary>
    public void Prefetch(UInt128 id) => CacheLine.Prefetch(ref _words[Place(id).Block]);

    // The block from the top half of the hash (scaled, not masked: any number of blocks), the bits from the bottom half.
    private (int Block, ulong Positions) Place(UInt128 id) =>
        ((int)Math.BigMul((ulong)(id >> 64), (ulong)(_words.Length / WordsPerBlock), out _) * WordsPerBlock, (ulong)id);
}
