namespace ProfileUnifier.Analytics.Ranking;

/// <summary>Which share-of-revenue threshold an account is above (wire names: <see cref="WireNameAttribute"/>).</summary>
public enum ShareFlag
{
    [WireName("none")] None,
    [WireName("key")] Key,
    [WireName("dependency")] Dependency,
    [WireName("mono")] Mono,
}
