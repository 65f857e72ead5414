namespace ProfileUnifier.Analytics.Alerts;

/// <summary>
/// What an alert is about. The wire name (lake column <c>kind</c>, the topic's <c>kind</c>) sits on each member,
/// so a new kind is one line here plus the rule that raises it.
/// </summary>
public enum AlertKind
{
    [WireName("activity_decline")] ActivityDecline,
    [WireName("payment_delay")] PaymentDelay,
    [WireName("overdue")] Overdue,
    [WireName("margin_erosion")] MarginErosion,
    [WireName("share_threshold")] ShareThreshold,
    [WireName("hhi_band")] HhiBand,
}
