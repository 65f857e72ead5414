namespace ProfileUnifier.Analytics.Options;

/// <summary>
/// Alerts (section <c>Analytics:Alerts</c>): which accounts' risk flags become alerts, the HHI bands, and the
/// Kafka topic alerts go to when a broker is configured.
/// </summary>
public sealed class AlertOptions
{
    /// <summary>Per-account alerts for accounts of ABC class A up to this class ("A", "B" or "C").</summary>
    public string UpToClass { get; set; } = "B";

    /// <summary>HHI at or above this is "moderately concentrated" ...</summary>
    public double HhiModerate { get; set; } = 0.15;

    /// <summary>... and at or above this "highly concentrated".</summary>
    public double HhiHigh { get; set; } = 0.25;

    public string Topic { get; set; } = "accounts.alerts";
}
