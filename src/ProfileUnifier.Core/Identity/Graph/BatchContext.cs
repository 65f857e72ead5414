using ProfileUnifier.Core.Identity.Overrides;
using ProfileUnifier.Core.Memory;

namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>What one batch changed, kept until it is resolved: to attribute merges and splits to events.</summary>
internal sealed class BatchContext
{
    /// <summary>
    /// The earliest event of each signature added since the last resolve, at its number less <see cref="_firstNew"/> (a
    /// null event id: not added). Signatures are numbered as they are added, so a batch's new ones are a run: an array,
    /// not a map, whose lookup for each event was a cache miss on the engine's thread once a batch was resolved whole
    /// (2 % of a 1M-line ingest's samples). Older signatures are below the run and need no lookup.
    /// </summary>
    private (string? EventId, long Ticks)[] _first = [];

    /// <summary>The lowest signature added since the last resolve (<see cref="int.MaxValue"/> when none).</summary>
    private int _firstNew = int.MaxValue;

    /// <summary>The run's length: <see cref="_first"/>[.._span] is in use, the rest holds no event.</summary>
    private int _span;

    /// <summary>How many signatures were added since the last resolve.</summary>
    public int NewSignatureCount { get; private set; }

    /// <summary>The signatures added since the last resolve, in their order, each with its earliest event (<see cref="AddNewSignature"/>).</summary>
    public IEnumerable<(int Sig, (string EventId, long Ticks) First)> NewSignatures
    {
        get
        {
            for (var i = 0; i < _span; i++)
            {
                if (_first[i] is ({ } eventId, var ticks))
                {
                    yield return (_firstNew + i, (eventId, ticks));
                }
            }
        }
    }

    public Dictionary<int, SharedNote> Flips { get; } = [];
    public Dictionary<int, (string EventId, long Ticks)> EarlierSightings { get; } = [];
    public List<int> PersonDirty { get; } = [];
    public List<int> AccountDirty { get; } = [];

    /// <summary>Override rules added or removed since the last resolve: the changes they cause are logged as overrides.</summary>
    public List<OverrideRule> OverrideRules { get; } = [];

    /// <summary>Notes a signature added by this event, or an earlier event of an added signature than the one noted.</summary>
    public void AddNewSignature(int sig, string eventId, long ticks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sig);
        if (_span == 0)
        {
            _firstNew = sig;
        }
        else if (sig < _firstNew)
        {
            // Below the run (tests; the engine adds in order): the run moves up to start here.
            var shift = _firstNew - sig;
            Grow(_span + shift);
            Array.Copy(_first, 0, _first, shift, _span);
            Array.Clear(_first, 0, shift);
            _span += shift;
            _firstNew = sig;
        }

        var at = sig - _firstNew;
        if (at >= _span)
        {
            Grow(at + 1);
            _span = at + 1;
        }

        if (_first[at].EventId is null)
        {
            NewSignatureCount++;
        }

        _first[at] = (eventId, ticks);
    }

    public bool IsNewSignature(int sig) => TryGetNewSignature(sig, out _);

    public bool TryGetNewSignature(int sig, out (string EventId, long Ticks) first)
    {
        // Unsigned: a signature below the run (most events') is out of range too.
        var at = (uint)((long)sig - _firstNew);
        if (at < (uint)_span && _first[at] is ({ } eventId, var ticks))
        {
            first = (eventId, ticks);
            return true;
        }

        first = default;
        return false;
    }

    /// <summary>Asks for the cache line of a signature's entry ahead of its lookup (a hint; none for an older signature).</summary>
    public void Prefetch(int sig)
    {
        var at = (uint)((long)sig - _firstNew);
        if (at < (uint)_span)
        {
            CacheLine.Prefetch(ref _first[at]);
        }
    }

    /// <summary>The earliest event of a signature added since the last resolve.</summary>
    public (string EventId, long Ticks) FirstOf(int sig) =>
        TryGetNewSignature(sig, out var first) ? first : throw new KeyNotFoundException($"signature {sig} was not added since the last resolve");

    public void Clear()
    {
        // Cleared, not dropped: the next batch's run reuses the array, and the event ids are let go.
        Array.Clear(_first, 0, _span);
        _span = 0;
        _firstNew = int.MaxValue;
        NewSignatureCount = 0;
        Flips.Clear();
        EarlierSightings.Clear();
        PersonDirty.Clear();
        AccountDirty.Clear();
        OverrideRules.Clear();
    }

    private void Grow(int length)
    {
        if (length > _first.Length)
        {
            Array.Resize(ref _first, Math.Max(length, Math.Max(1024, 2 * _first.Length)));
        }
    }
}
