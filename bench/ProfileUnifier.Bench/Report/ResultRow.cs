namespace ProfileUnifier.Bench.Report;

/// <summary>
/// One line of RESULTS.md: our figure and the peer's on the same input in the same run, as a rate
/// (work units per second, from the timings) or as a plain value (bytes, MiB).
/// </summary>
public sealed record ResultRow(
    string Row,
    string Workload,
    string Input,
    string Unit,
    Figure Ours,
    string? PeerName,
    Figure? Peer,
    string Goal,
    bool? GoalMet,
    string Note = "");

/// <summary>A figure with its spread over repeated runs (min, median, max).</summary>
public sealed record Figure(double Min, double Median, double Max)
{
    /// <summary>Work per second from timings: the slowest run gives the minimum rate.</summary>
    public static Figure Rate(double work, Measurement m) => new(work / m.Max, work / m.Median, work / m.Min);

    public static Figure Single(double value) => new(value, value, value);
}
