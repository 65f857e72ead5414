namespace ProfileUnifier.Analytics.Alerts;

/// <summary>How urgent an alert is, lowest first.</summary>
public enum AlertSeverity
{
    [WireName("info")] Info,
    [WireName("warning")] Warning,
    [WireName("critical")] Critical,
}
