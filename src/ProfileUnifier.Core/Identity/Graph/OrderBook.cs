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
    private readonly Lock _totalsLock = new();
    private OrderTotals? _totals;

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
            Event = IdHash.Of(e.EventIdUtf8.Span),
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

    public long ApproximateBytes() => (_recent.Count * 96L) + (_totals?.ApproximateBytes() ?? 0);

    /// <summary>The runs' orders by signature: made when first asked (a pass over the runs), then kept up by <see cref="Archived"/>.</summary>
    public OrderTotals ArchivedTotals()
    {
        lock (_totalsLock)
        {
            return _totals ??= OrderTotals.Of(Merge(Runs));
        }
    }

    /// <summary>
    /// What the reports taken since the runs were written change in what the runs count: each new order's report, and
    /// each report preferred over the runs' one of its order (<c>Replaced</c>).
    /// </summary>
    public List<(OrderRecord Added, OrderRecord? Replaced)> Changes()
    {
        var changes = new List<(OrderRecord, OrderRecord?)>(_recent.Count);
        foreach (var report in _recent.Values)
        {
            if (ArchivedReport(report.Key) is not { } archived)
            {
                changes.Add((report, null));
            }
            else if (report.IsPreferredOver(archived))
            {
                changes.Add((report, archived));
            }
        }

        return changes;
    }

    /// <summary>The runs' report that counts of an order, if any (each run holds an order once, sorted by key).</summary>
    private OrderRecord? ArchivedReport(UInt128 key)
    {
        OrderRecord? found = null;
        foreach (var run in Runs)
        {
            var span = run.Span;
            if (span.BinarySearch(new KeyProbe(key)) is var at && at >= 0 && (found is not { } f || span[at].IsPreferredOver(f)))
            {
                found = span[at];
            }
        }

        return found;
    }

    /// <summary>An order key compared with records, for a binary search of a run.</summary>
    private readonly struct KeyProbe(UInt128 key) : IComparable<OrderRecord>
    {
        public int CompareTo(OrderRecord other) => key.CompareTo(other.Key);
    }

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
        lock (_totalsLock)
        {
            if (_totals is { } totals)
            {
                var changes = Changes();
                _totals = totals.With([.. changes.Select(c => c.Added)], [.. changes.Where(c => c.Replaced is not null).Select(c => c.Replaced!.Value)]);
            }
        }

        Runs = archived;
        _recent.Clear();
    }

    public static IEnumerable<OrderRecord> Merge(IReadOnlyList<ReadOnlyMemory<OrderRecord>> runs) =>
        SortedRuns.Merge(runs, OrderRecord.ByKey, OrderRecord.Preferred);
}
