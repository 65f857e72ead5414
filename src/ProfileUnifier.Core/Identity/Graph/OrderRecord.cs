using System.Runtime.InteropServices;

namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>
/// The report of an order that counts: from the CRM if it reported it, else the earliest. Plain data of a fixed size
/// (the order and event ids as their 128-bit hashes), so the lake keeps them in sorted runs it maps from files.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct OrderRecord
{
    /// <summary>The hash of the order_id: the key of the runs.</summary>
    internal UInt128 Key;

    /// <summary>The hash of the event_id: breaks ties between reports at the same time.</summary>
    internal UInt128 Event;
    internal long Ticks;
    internal double Amount;
    internal int Signature;
    internal bool FromCrm;

    /// <summary>Orders by <see cref="Key"/>.</summary>
    public static IComparer<OrderRecord> ByKey { get; } = Comparer<OrderRecord>.Create(static (a, b) => a.Key.CompareTo(b.Key));

    /// <summary>The report that counts of two of the same order.</summary>
    public static OrderRecord Preferred(OrderRecord a, OrderRecord b) => a.IsPreferredOver(b) ? a : b;

    /// <summary>A total order over reports, so the same set of reports always picks the same one.</summary>
    internal readonly bool IsPreferredOver(in OrderRecord other) =>
        FromCrm != other.FromCrm ? FromCrm :
        Ticks != other.Ticks ? Ticks < other.Ticks :
        Event < other.Event;
}
