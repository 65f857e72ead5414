using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Identity.Graph;

namespace ProfileUnifier.Core.Identity.Snapshot;

/// <summary>Events, first and last seen, and events per source, summed over signatures.</summary>
internal sealed class ActivityStats
{
    public int Events;
    public long First = long.MaxValue;
    public long Last = long.MinValue;
    public int[] BySource { get; } = new int[EventSources.Count];

    public void Add(SignatureTable signatures, int sig)
    {
        Events += signatures.Events[sig];
        First = Math.Min(First, signatures.FirstSeen[sig]);
        Last = Math.Max(Last, signatures.LastSeen[sig]);
        for (var s = 0; s < BySource.Length; s++)
        {
            BySource[s] += signatures.SourceCount(sig, s);
        }
    }
}
