using System.Runtime.InteropServices;
using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Identity.State;

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

    public void Save(BinaryWriter writer)
    {
        writer.Write(_orders.Count);
        foreach (var (id, o) in _orders)
        {
            writer.Write(id);
            writer.Write(o.Signature);
            writer.Write(o.FromCrm);
            writer.Write(o.Ticks);
            writer.Write(o.EventId);
            writer.Write(o.Amount);
            writer.Write(o.Margin.HasValue);
            writer.Write(o.Margin ?? 0);
            writer.Write(o.Discount.HasValue);
            writer.Write(o.Discount ?? 0);
            StateCodec.WriteNullable(writer, o.Currency);
        }
    }

    public void Load(BinaryReader reader)
    {
        for (var i = reader.ReadInt32(); i > 0; i--)
        {
            var id = reader.ReadString();
            var order = new OrderRecord
            {
                Signature = reader.ReadInt32(),
                FromCrm = reader.ReadBoolean(),
                Ticks = reader.ReadInt64(),
                EventId = reader.ReadString(),
                Amount = reader.ReadDouble(),
            };
            var hasMargin = reader.ReadBoolean();
            var margin = reader.ReadDouble();
            var hasDiscount = reader.ReadBoolean();
            var discount = reader.ReadDouble();
            order.Margin = hasMargin ? margin : null;
            order.Discount = hasDiscount ? discount : null;
            order.Currency = StateCodec.ReadNullable(reader);
            _orders[id] = order;
        }
    }
}
