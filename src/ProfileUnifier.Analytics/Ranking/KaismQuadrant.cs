namespace ProfileUnifier.Analytics.Ranking;

/// <summary>The KAISM quadrant (wire names: <see cref="WireNameAttribute"/>).</summary>
public enum KaismQuadrant
{
    [WireName("key")] Key,
    [WireName("prospective")] Prospective,
    [WireName("maintain")] Maintain,
    [WireName("low_priority")] LowPriority,
}
