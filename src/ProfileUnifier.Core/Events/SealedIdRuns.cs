namespace ProfileUnifier.Core.Events;

/// <summary>
/// The sorted runs the <see cref="RedeliveryFilter"/> sealed since its last checkpoint, laid end to end in blocks, the
/// newest two merged in place (<see cref="MergeNewest"/>). The first block holds four seals, each next one twice the one
/// before, up to <c>blockIds</c> ids: a first block of the full 32 MB, allocated at the first seal, set off a full
/// collection in nearly every run of a short-lived worker (bench row 3). Each merge into an array of its own
/// wrote every id into fresh memory four or five times over a long ingest: a tenth of a 5M-line ingest's page faults,
/// each costly in a slow hour. Here an id is written into fresh memory once, when its block is first filled; a merge
/// copies only the newer run aside, into a buffer kept for the next. The block is kept past <see cref="Clear"/> (a
/// checkpoint has written the runs to files by then, and nothing reads them here any more).
/// </summary>
internal sealed class SealedIdRuns(int blockIds)
{
    private readonly List<IndexedIdRun> _runs = [];
    private UInt128[] _block = [];
    private UInt128[] _aside = [];

    /// <summary>How much of <see cref="_block"/> the runs from <see cref="_firstInBlock"/> on take, from its start.</summary>
    private int _used;

    private int _firstInBlock;

    /// <summary>The runs, oldest first; a run's ids are valid until the next <see cref="Add"/>, <see cref="MergeNewest"/> or <see cref="Clear"/>.</summary>
    public IReadOnlyList<IndexedIdRun> Runs => _runs;

    /// <summary>The ids in all the runs.</summary>
    public long Ids { get; private set; }

    /// <summary>The ids of <paramref name="recent"/> as the newest run, whose ids it returns (valid until the next call).</summary>
    public ReadOnlySpan<UInt128> Add(IdHashSet recent)
    {
        var count = recent.Count;
        if (_used + count > _block.Length)
        {
            // Uninitialised: its pages are the operating system's zeroed ones, not touched until the runs are written in.
            var size = Math.Min(blockIds, Math.Max(4L * count, 2L * _block.Length));
            _block = GC.AllocateUninitializedArray<UInt128>((int)Math.Max(count, size));
            _used = 0;
            _firstInBlock = _runs.Count;
        }

        var run = _block.AsMemory(_used, count);
        recent.SortInto(run.Span);
        _runs.Add(new IndexedIdRun(run));
        _used += count;
        Ids += count;
        return run.Span;
    }

    /// <summary>
    /// Merges the newest two runs into one while the older holds no more than twice the newer and both are in the block
    /// being filled: the runs stay few, and none is larger than a block.
    /// </summary>
    public void MergeNewest()
    {
        while (_runs.Count - _firstInBlock >= 2 && _runs[^2].Ids.Length <= 2L * _runs[^1].Ids.Length)
        {
            int older = _runs[^2].Ids.Length, newer = _runs[^1].Ids.Length;
            var start = _used - older - newer;
            MergeInPlace(_block.AsSpan(start, older + newer), older);
            _runs.RemoveRange(_runs.Count - 2, 2);
            _runs.Add(new IndexedIdRun(_block.AsMemory(start, older + newer)));
        }
    }

    /// <summary>Lets the runs go; the block is filled again from its start.</summary>
    public void Clear()
    {
        _runs.Clear();
        _used = 0;
        _firstInBlock = 0;
        Ids = 0;
    }

    /// <summary>
    /// The two sorted runs <paramref name="both"/> holds (the first <paramref name="older"/> ids, then the rest; no id in
    /// both) as one sorted run. The newer is copied aside and the merge fills from the end back, so it never writes over
    /// an id of the older not yet read.
    /// </summary>
    private void MergeInPlace(Span<UInt128> both, int older)
    {
        var newer = both.Length - older;
        if (_aside.Length < newer)
        {
            _aside = GC.AllocateUninitializedArray<UInt128>(Math.Max(newer, 2 * _aside.Length));
        }

        var aside = _aside.AsSpan(0, newer);
        both[older..].CopyTo(aside);
        int i = older - 1, j = newer - 1, k = both.Length - 1;
        while (j >= 0)
        {
            both[k--] = i >= 0 && both[i] > aside[j] ? both[i--] : aside[j--];
        }
    }
}
