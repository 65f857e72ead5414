using System.Runtime.InteropServices;
using ProfileUnifier.Core.Archive;
using ProfileUnifier.Core.Events;

namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>
/// The orders reported so far, one report per order_id. Like the redelivery filter it grows with every event, so it
/// is kept the same way: the reports of earlier checkpoints in sorted runs the lake maps from files, the ones since
/// in memory until the next checkpoint writes them as a run. An order reported again (the CRM's report after the web
/// shop's) is in two runs; <see cref="All"/> keeps the report that counts.
/// </summary>
internal sealed class OrderBook
{
    private readonly Dictionary<UInt128, OrderRecord> _recent = [];

    public IReadOnlyList<ReadOnlyMemory<OrderRecord>> Runs { get; private set; } = [];

    /// <summary>Orders, each once (a pass over the runs).</summary>
    public int Count => All.Count();

    public void Observe(IncomingEvent e, int signature)
    {
        var p = e.Properties;
        if (p.OrderId is null || p.Amount is null)
        {
            return;
        }

        var candidate = new OrderRecord
        {
            Key = IdHash.Of(p.OrderId),
            Event = IdHash.Of(e.EventId),
            Ticks = e.OccurredAt.UtcTicks,
            Amount = p.Amount.Value,
            Signature = signature,
            FromCrm = e.Source == EventSource.Crm,
        };
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_recent, candidate.Key, out var exists);
        if (!exists || candidate.IsPreferredOver(slot))
        {
            slot = candidate;
        }
    }

    /// <summary>Every order's report that counts, by order key.</summary>
    public IEnumerable<OrderRecord> All => Merge([.. Runs, Unarchived()]);

    public long ApproximateBytes() => _recent.Count * 96L;

    /// <summary>The reports taken since the runs were written, sorted: the next run.</summary>
    public OrderRecord[] Unarchived()
    {
        var run = _recent.Values.ToArray();
        Array.Sort(run, OrderRecord.ByKey);
        return run;
    }

    /// <summary>Stands the book on <paramref name="archived"/>, which hold every report it has taken, and lets its own copies go.</summary>
    public void Archived(IReadOnlyList<ReadOnlyMemory<OrderRecord>> archived)
    {
        Runs = archived;
        _recent.Clear();
    }

    public static IEnumerable<OrderRecord> Merge(IReadOnlyList<ReadOnlyMemory<OrderRecord>> runs) =>
        SortedRuns.Merge(runs, OrderRecord.ByKey, OrderRecord.Preferred);
}
