namespace ProfileUnifier.Analytics.Ranking;

/// <summary>A per-account risk (wire names in <c>rankings.risk_flags</c>: <see cref="WireNameAttribute"/>), in the order they are listed.</summary>
public enum RiskFlag
{
    [WireName("contact_left")] ContactLeft,
    [WireName("declining")] Declining,
    [WireName("discount_growth")] DiscountGrowth,
    [WireName("dependency")] Dependency,
    [WireName("margin_erosion")] MarginErosion,
    [WireName("mono_client")] MonoClient,
    [WireName("overdue")] Overdue,
    [WireName("payment_delay")] PaymentDelay,
}
