namespace ProfileUnifier.Analytics.Ranking;

/// <summary>ABC class by cumulative revenue share (wire names "A", "B", "C": <see cref="WireNameAttribute"/>).</summary>
public enum AbcClass
{
    [WireName("A")] A,
    [WireName("B")] B,
    [WireName("C")] C,
}
