namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>The report of an order that counts: from the CRM if it reported it, else the earliest.</summary>
internal struct OrderRecord
{
    public int Signature;
    public bool FromCrm;
    public long Ticks;
    public string EventId;
    public double Amount;
    public double? Margin;
    public double? Discount;
    public string? Currency;

    /// <summary>A total order over reports, so the same set of reports always picks the same one.</summary>
    public readonly bool IsPreferredOver(in OrderRecord other) =>
        FromCrm != other.FromCrm ? FromCrm :
        Ticks != other.Ticks ? Ticks < other.Ticks :
        string.CompareOrdinal(EventId, other.EventId) < 0;
}
