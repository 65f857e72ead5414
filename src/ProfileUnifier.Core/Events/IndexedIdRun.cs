using System.Numerics;
using System.Runtime.InteropServices;
using ProfileUnifier.Core.Memory;

namespace ProfileUnifier.Core.Events;

/// <summary>
/// A sorted run of id hashes held in memory, with an index on their top bits. The hashes are uniform, so a bucket holds
/// about eight ids and a lookup touches two or three cache lines, where a binary search of a run of millions touches
/// twenty. Of the <see cref="RedeliveryFilter"/>'s runs, those sealed in memory are asked only for the ids its Bloom
/// filter of them all lets through; those a checkpoint wrote (mapped from their files) are asked for every id.
/// </summary>
internal sealed class IndexedIdRun
{
    private const int IdsPerBucket = 8;

    /// <summary>Where each bucket starts in <see cref="Ids"/> (one more entry than buckets: the last is the end).</summary>
    private readonly int[] _starts;
    private readonly int _shift;

    public IndexedIdRun(ReadOnlyMemory<UInt128> run)
    {
        Ids = run;
        var sorted = run.Span;
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

    public ReadOnlyMemory<UInt128> Ids { get; }

    public bool Contains(UInt128 hash)
    {
        var bucket = Bucket(hash);
        return Ids.Span[_starts[bucket].._starts[bucket + 1]].BinarySearch(hash) >= 0;
    }

    /// <summary>
    /// Asks for the cache line <see cref="Contains"/> reads first for <paramref name="hash"/> (stage 0: the bucket's start)
    /// or next (stage 1: the bucket's ids, where the start read at stage 0 says).
    /// </summary>
    public void Prefetch(UInt128 hash, int stage)
    {
        var bucket = Bucket(hash);
        if (stage == 0)
        {
            CacheLine.Prefetch(ref _starts[bucket]);
        }
        else if (_starts[bucket] < _starts[bucket + 1])
        {
            CacheLine.Prefetch(ref MemoryMarshal.GetReference(Ids.Span[_starts[bucket]..]));
        }
    }

    private int Bucket(UInt128 hash) => (int)(hash >> _shift);
}
