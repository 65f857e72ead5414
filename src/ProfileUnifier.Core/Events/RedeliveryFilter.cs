using ProfileUnifier.Core.Archive;
using ProfileUnifier.Core.Identity;

namespace ProfileUnifier.Core.Events;

/// <summary>
/// Remembers the event_ids accepted so far, so a redelivered event counts once, as their hashes (<see cref="IdHash"/>).
/// The ids of earlier checkpoints are sorted runs (<see cref="SortedRuns"/>) the lake maps from files each checkpoint
/// wrote once, searched by halving. The ids accepted since are gathered in a small hash set (<see cref="IdHashSet"/>),
/// sealed every <see cref="DefaultSealAt"/> ids into a sorted run in memory (16 bytes an id, where a hash set of millions
/// takes about 36 and twice that while it grows; <see cref="SealedIdRuns"/>), which the next checkpoint writes out without
/// another copy. So neither a start nor a checkpoint costs a pass over every event ever accepted, and a long ingest's
/// filter stays small.
/// </summary>
public sealed class RedeliveryFilter
{
    /// <summary>Ids gathered in the hash set before they are sealed into a run (a few MB).</summary>
    public const int DefaultSealAt = 1 << 17;

    /// <summary>
    /// Runs in memory are merged, the newest two while the older holds no more than twice the newer, within blocks of up
    /// to this many ids (32 MB; see <see cref="SealedIdRuns"/>): a state stands on few runs.
    /// </summary>
    public const int DefaultBlockIds = 1 << 21;

    private readonly IdHashSet _recent = new();
    private readonly SealedIdRuns _sealed;
    private readonly int _sealAt;

    /// <summary>
    /// Every sealed id, in one blocked Bloom filter (<see cref="IdBloomFilter"/>): nearly every id offered is new, and one
    /// lookup turns it away where a long ingest's several runs took one each (a filter per run, asked in turn, was 2 % of a
    /// 5M-line ingest's CPU, a cache miss a run). Made again twice as large when outgrown.
    /// </summary>
    private IdBloomFilter? _sealedIds;

    /// <summary>
    /// <see cref="Runs"/> with an index on their top bits (<see cref="IndexedIdRun"/>): searched by halving, a run of ten
    /// million took about twenty cache misses an id offered (0.85 µs), and a state stands on a few.
    /// </summary>
    private IndexedIdRun[]? _runIndexes;

    public RedeliveryFilter()
        : this([])
    {
    }

    public RedeliveryFilter(IReadOnlyList<ReadOnlyMemory<UInt128>> runs, int sealAt = DefaultSealAt, int blockIds = DefaultBlockIds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sealAt, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockIds, 1);
        Runs = runs;
        _sealAt = sealAt;
        _sealed = new SealedIdRuns(blockIds);
    }

    /// <summary>The runs the filter stands on (every id accepted up to the last checkpoint).</summary>
    public IReadOnlyList<ReadOnlyMemory<UInt128>> Runs { get; private set; }

    /// <summary>True the first time an id is offered, false for every redelivery of it.</summary>
    public bool TryAccept(string eventId) => TryAccept(IdHash.Of(eventId));

    /// <summary><see cref="TryAccept(string)"/> for an id whose <see cref="IdHash"/> is made already.</summary>
    public bool TryAccept(UInt128 hash)
    {
        if (InRuns(hash) || InSealed(hash) || !_recent.Add(hash))
        {
            return false;
        }

        if (_recent.Count >= _sealAt)
        {
            Seal();
        }

        return true;
    }

    /// <summary>
    /// Asks for the cache lines <see cref="TryAccept(UInt128)"/> will read for <paramref name="hash"/>, at stage 0 the
    /// Bloom filter's block, the recent set's slot and each run's index, at stage 1 each run's ids there (the index read
    /// at stage 0 says where): taking an event waited for memory at each (see <see cref="IdentityEngine.Prefetch"/>).
    /// </summary>
    public void Prefetch(UInt128 hash, int stage)
    {
        if (stage == 0)
        {
            _sealedIds?.Prefetch(hash);
            _recent.Prefetch(hash);
        }

        if (stage <= 1 && _runIndexes is { } runs)
        {
            foreach (var run in runs)
            {
                run.Prefetch(hash, stage);
            }
        }
    }

    public bool Contains(string eventId)
    {
        var hash = IdHash.Of(eventId);
        return InRuns(hash) || InSealed(hash) || _recent.Contains(hash);
    }

    /// <summary>
    /// The ids accepted since the runs were written, as sorted runs of their own (an id is in one of them only). Valid
    /// until the next id is accepted (sealed runs are merged in place): a checkpoint writes them while nothing is taken.
    /// </summary>
    public IReadOnlyList<ReadOnlyMemory<UInt128>> Unarchived()
    {
        return [.. _sealed.Runs.Select(r => r.Ids), _recent.ToSortedArray()];
    }

    /// <summary>Stands the filter on <paramref name="archived"/>, which hold every id it has accepted, and lets its own copies go.</summary>
    public void Archived(IReadOnlyList<ReadOnlyMemory<UInt128>> archived)
    {
        Runs = archived;
        _runIndexes = null;
        _sealed.Clear();
        _sealedIds = null;
        _recent.Clear();
    }

    /// <summary>The runs as one (an id is in one run only: it was accepted once).</summary>
    public static IEnumerable<UInt128> Merge(IReadOnlyList<ReadOnlyMemory<UInt128>> runs) => SortedRuns.MergeDisjoint(runs);

    private void Seal()
    {
        var run = _sealed.Add(_recent);
        _recent.Clear();
        if (_sealedIds is null || _sealed.Ids > _sealedIds.Capacity)
        {
            _sealedIds = new IdBloomFilter((int)Math.Min(int.MaxValue, Math.Max(2 * _sealed.Ids, 8L * _sealAt)));
            foreach (var sealedRun in _sealed.Runs)
            {
                _sealedIds.Add(sealedRun.Ids.Span);
            }
        }
        else
        {
            _sealedIds.Add(run);
        }

        _sealed.MergeNewest();
    }

    private bool InSealed(UInt128 hash)
    {
        if (_sealedIds is null || !_sealedIds.MightContain(hash))
        {
            return false;
        }

        foreach (var run in _sealed.Runs)
        {
            if (run.Contains(hash))
            {
                return true;
            }
        }

        return false;
    }

    private bool InRuns(UInt128 hash)
    {
        // Indexed when first asked, not when the state is opened: a start reads none of the runs' pages.
        _runIndexes ??= [.. Runs.Select(r => new IndexedIdRun(r))];
        foreach (var run in _runIndexes)
        {
            if (run.Contains(hash))
            {
                return true;
            }
        }

        return false;
    }
}
