using ProfileUnifier.Bench.Report;

namespace ProfileUnifier.Bench;

/// <summary>The goals, judged on the medians (rows that judge themselves are left as they are).</summary>
public static class Goals
{
    public static List<ResultRow> Judge(IEnumerable<ResultRow> rows) => [.. rows.Select(r => r.GoalMet is not null ? r : r.Row switch
    {
        "1" => r with { GoalMet = r.Ours.Median >= 1_000_000 && r.Ours.Median >= 10 * r.Peer!.Median },
        "2" => r with { GoalMet = r.Ours.Median >= 150_000 && r.Ours.Median >= 0.5 * r.Peer!.Median },
        "3" => r with { GoalMet = r.Ours.Median >= 100_000 && r.Ours.Median >= 0.3 * r.Peer!.Median },
        _ => r,
    })];
}
