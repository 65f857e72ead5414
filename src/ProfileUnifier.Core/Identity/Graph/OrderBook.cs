using System.Runtime.InteropServices;
using ProfileUnifier.Core.Events;

namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>One record per order_id, whichever sources report it (web, app and CRM often all do).</summary>
internal sealed class OrderBook
{
    private readonly Dictionary<string, OrderRecord> _orders = new(StringComparer.Ordinal);

    public int Count => _orders.Count;

    public void Observe(IncomingEvent e, int signature)
    {
        var p = e.Properties;
        if (p.OrderId is null || p.Amount is null)
        {
            return;
        }

        var candidate = new OrderRecord
        {
            Signature = signature,
            FromCrm = e.Source == EventSource.Crm,
            Ticks = e.OccurredAt.UtcTicks,
            EventId = e.EventId,
            Amount = p.Amount.Value,
            Margin = p.Margin,
            Discount = p.Discount,
            Currency = p.Currency,
        };
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_orders, p.OrderId, out var exists);
        if (!exists || candidate.IsPreferredOver(slot))
        {
            slot = candidate;
        }
    }

    public IEnumerable<KeyValuePair<string, OrderRecord>> All => _orders;

    public long ApproximateBytes() => _orders.Count * 120L;
}
