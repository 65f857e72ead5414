using System.Numerics;

namespace ProfileUnifier.Core.Events;

/// <summary>
/// A sorted run of id hashes held in memory, with an index on their top bits. The hashes are uniform, so a bucket holds
/// about eight ids and a lookup touches two or three cache lines, where a binary search of a run of millions touches
/// twenty. In front of it a blocked Bloom filter (about ten bits an id, one cache line a lookup) turns away most ids
/// not in the run: nearly every id offered is a new one, and a long ingest stands on several runs, each asked in turn.
/// </summary>
internal sealed class IndexedIdRun
{
    private const int IdsPerBucket = 8;

    // A filter block is a cache line (8 words, 512 bits) for about 51 ids; an id sets 6 bits of its block.
    private const int IdsPerBlock = 51, WordsPerBlock = 8, BitsPerId = 6;

    /// <summary>Where each bucket starts in <see cref="Ids"/> (one more entry than buckets: the last is the end).</summary>
    private readonly int[] _starts;
    private readonly int _shift;
    private readonly ulong[] _filter;

    public IndexedIdRun(UInt128[] sorted)
    {
        Ids = sorted;
        _filter = new ulong[Math.Max(1, sorted.Length / IdsPerBlock) * WordsPerBlock];
        foreach (var id in sorted)
        {
            var (block, positions) = FilterPlace(id);
            for (var k = 0; k < BitsPerId; k++, positions >>= 9)
            {
                _filter[block + ((int)(positions & 511) >> 6)] |= 1UL << (int)(positions & 63);
            }
        }

        var bits = Math.Max(1, BitOperations.Log2((uint)Math.Max(1, sorted.Length / IdsPerBucket)));
        _shift = 128 - bits;
        _starts = new int[(1 << bits) + 1];
        var i = 0;
        for (var bucket = 0; bucket < _starts.Length - 1; bucket++)
        {
            while (i < sorted.Length && Bucket(sorted[i]) < bucket)
            {
                i++;
            }

            _starts[bucket] = i;
        }

        _starts[^1] = sorted.Length;
    }

    public UInt128[] Ids { get; }

    public bool Contains(UInt128 hash)
    {
        var (block, positions) = FilterPlace(hash);
        for (var k = 0; k < BitsPerId; k++, positions >>= 9)
        {
            if ((_filter[block + ((int)(positions & 511) >> 6)] & (1UL << (int)(positions & 63))) == 0)
            {
                return false;
            }
        }

        var bucket = Bucket(hash);
        return Ids.AsSpan(_starts[bucket], _starts[bucket + 1] - _starts[bucket]).BinarySearch(hash) >= 0;
    }

    private int Bucket(UInt128 hash) => (int)(hash >> _shift);

    /// <summary>An id's filter block (its first word), from the top half of its hash, and its bits' positions in the block (9 bits each), from the bottom half.</summary>
    private (int Block, ulong Positions) FilterPlace(UInt128 hash) =>
        ((int)Math.BigMul((ulong)(hash >> 64), (ulong)(_filter.Length / WordsPerBlock), out _) * WordsPerBlock, (ulong)hash);
}
