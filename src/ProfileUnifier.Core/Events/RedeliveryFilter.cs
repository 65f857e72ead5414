using ProfileUnifier.Core.Archive;

namespace ProfileUnifier.Core.Events;

/// <summary>
/// Remembers the event_ids accepted so far, so a redelivered event counts once, as their hashes (<see cref="IdHash"/>).
/// The ids of earlier checkpoints are sorted runs (<see cref="SortedRuns"/>) the lake maps from files each checkpoint
/// wrote once, searched by halving; the ids accepted since sit in a hash set until the next checkpoint writes them
/// as a run of their own. So neither a start nor a checkpoint costs a pass over every event ever accepted.
/// </summary>
public sealed class RedeliveryFilter(IReadOnlyList<ReadOnlyMemory<UInt128>> runs)
{
    private readonly HashSet<UInt128> _recent = [];

    public RedeliveryFilter()
        : this([])
    {
    }

    /// <summary>The runs the filter stands on (every id accepted up to the last checkpoint).</summary>
    public IReadOnlyList<ReadOnlyMemory<UInt128>> Runs { get; private set; } = runs;

    /// <summary>True the first time an id is offered, false for every redelivery of it.</summary>
    public bool TryAccept(string eventId)
    {
        var hash = IdHash.Of(eventId);
        return !InRuns(hash) && _recent.Add(hash);
    }

    public bool Contains(string eventId)
    {
        var hash = IdHash.Of(eventId);
        return InRuns(hash) || _recent.Contains(hash);
    }

    /// <summary>The ids accepted since the runs were written, sorted: the next run.</summary>
    public UInt128[] Unarchived()
    {
        var run = _recent.ToArray();
        Array.Sort(run);
        return run;
    }

    /// <summary>Stands the filter on <paramref name="archived"/>, which hold every id it has accepted, and lets its own copies go.</summary>
    public void Archived(IReadOnlyList<ReadOnlyMemory<UInt128>> archived)
    {
        Runs = archived;
        _recent.Clear();
    }

    /// <summary>The runs as one (an id is in one run only: it was accepted once).</summary>
    public static IEnumerable<UInt128> Merge(IReadOnlyList<ReadOnlyMemory<UInt128>> runs) =>
        SortedRuns.Merge(runs, Comparer<UInt128>.Default, static (a, _) => a);

    private bool InRuns(UInt128 hash)
    {
        foreach (var run in Runs)
        {
            if (run.Span.BinarySearch(hash) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
