using ProfileUnifier.Core.Identity.Overrides;

namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>What one batch changed, kept until it is resolved: to attribute merges and splits to events.</summary>
internal sealed class BatchContext
{
    private readonly Dictionary<int, (string EventId, long Ticks)> _newSignatures = [];

    /// <summary>
    /// The lowest signature in <see cref="NewSignatures"/>. Signatures are numbered as they are added, so an older one is
    /// not new without a lookup: most events have an old signature, and at millions of lines the lookup of each in the
    /// map was a cache miss on the engine's thread (1 % of a 5M-line ingest's samples).
    /// </summary>
    private int _firstNew = int.MaxValue;

    /// <summary>The signatures added since the last resolve, each with its earliest event (added through <see cref="AddNewSignature"/>).</summary>
    public IReadOnlyDictionary<int, (string EventId, long Ticks)> NewSignatures => _newSignatures;

    public Dictionary<int, SharedNote> Flips { get; } = [];
    public Dictionary<int, (string EventId, long Ticks)> EarlierSightings { get; } = [];
    public List<int> PersonDirty { get; } = [];
    public List<int> AccountDirty { get; } = [];

    /// <summary>Override rules added or removed since the last resolve: the changes they cause are logged as overrides.</summary>
    public List<OverrideRule> OverrideRules { get; } = [];

    /// <summary>Notes a signature added by this event, or an earlier event of an added signature than the one noted.</summary>
    public void AddNewSignature(int sig, string eventId, long ticks)
    {
        _newSignatures[sig] = (eventId, ticks);
        _firstNew = Math.Min(_firstNew, sig);
    }

    public bool IsNewSignature(int sig) => sig >= _firstNew && _newSignatures.ContainsKey(sig);

    public bool TryGetNewSignature(int sig, out (string EventId, long Ticks) first)
    {
        if (sig < _firstNew)
        {
            first = default;
            return false;
        }

        return _newSignatures.TryGetValue(sig, out first);
    }

    public void Clear()
    {
        _newSignatures.Clear();
        _firstNew = int.MaxValue;
        Flips.Clear();
        EarlierSightings.Clear();
        PersonDirty.Clear();
        AccountDirty.Clear();
        OverrideRules.Clear();
    }
}
