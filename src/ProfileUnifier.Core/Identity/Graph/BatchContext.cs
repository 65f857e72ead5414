using ProfileUnifier.Core.Identity.Overrides;

namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>What one batch changed, kept until it is resolved: to attribute merges and splits to events.</summary>
internal sealed class BatchContext
{
    public Dictionary<int, (string EventId, long Ticks)> NewSignatures { get; } = [];
    public Dictionary<int, SharedNote> Flips { get; } = [];
    public Dictionary<int, (string EventId, long Ticks)> EarlierSightings { get; } = [];
    public List<int> PersonDirty { get; } = [];
    public List<int> AccountDirty { get; } = [];

    /// <summary>Override rules added or removed since the last resolve: the changes they cause are logged as overrides.</summary>
    public List<OverrideRule> OverrideRules { get; } = [];

    public void Clear()
    {
        NewSignatures.Clear();
        Flips.Clear();
        EarlierSightings.Clear();
        PersonDirty.Clear();
        AccountDirty.Clear();
        OverrideRules.Clear();
    }
}
