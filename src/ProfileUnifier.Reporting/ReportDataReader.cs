using ProfileUnifier.Analytics.Options;
using ProfileUnifier.Analytics.Ranking;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Query;

namespace ProfileUnifier.Reporting;

/// <summary>Reads what the report needs from the lake's <c>rankings</c> and <c>portfolio_risk</c> (written by <c>rank</c>).</summary>
public static class ReportDataReader
{
    public static ReportData Read(LakeDatabase lake, AnalyticsOptions options)
    {
        if (lake.IsEmpty)
        {
            throw new NotFoundException($"the lake at {lake.Root} is empty: nothing has been ingested yet");
        }

        lake.Require(TableNames.PortfolioRisk);
        lake.Require(TableNames.Rankings);
        var portfolio = lake.Records($"SELECT * FROM {TableNames.PortfolioRisk} ORDER BY as_of DESC LIMIT 1").Single();
        var configured = options.Scoring.Criteria.Count == 0 ? Criteria.Defaults : options.Scoring.Criteria;
        var columns = lake.Rows($"SELECT column_name FROM (DESCRIBE {TableNames.Rankings}) WHERE column_name LIKE 'score\\_%' ESCAPE '\\'")
            .Select(r => ((string)r[0]!)["score_".Length..]).ToList();
        // The lake's criteria are what rank scored; weights come from the settings (rank's own, unless changed since).
        var total = configured.Where(c => columns.Contains(c.Name)).Sum(c => c.Weight);
        var criteria = columns.Select(name => new WeightedCriterion(name,
            total > 0 ? (configured.FirstOrDefault(c => c.Name == name)?.Weight ?? 0) / total : 0)).ToList();
        var accounts = lake.Records($"SELECT * FROM {TableNames.Rankings} ORDER BY rank").Select(r => Account(r, columns)).ToList();
        return new ReportData(Portfolio(portfolio), accounts, criteria, new ReportThresholds(options.ClassAUpTo, options.ClassBUpTo,
            options.KeyShare, options.DependencyShare, options.MonoShare, options.Kaism.ValueSplit, options.Kaism.AttractivenessSplit));
    }

    private static PortfolioFigures Portfolio(LakeRow r) => new(
        r["as_of"] is DateOnly d ? d : DateOnly.FromDateTime((DateTime)r["as_of"]!),
        Int(r, "window_days"), r.Double("total_revenue") ?? 0, Int(r, "accounts"), Int(r, "accounts_with_revenue"), r.Double("hhi") ?? 0,
        r.Double("top1_share") ?? 0, r.Double("top5_share") ?? 0, Int(r, "key_accounts"), Int(r, "dependency_accounts"), r.Bool("mono_client"),
        Int(r, "class_a_accounts"), Int(r, "class_b_accounts"), Int(r, "class_c_accounts"), Int(r, "declining_accounts"),
        r.Double("revenue_share_new_accounts") ?? 0, r.Double("stress_top1_share") ?? 0, r.Double("stress_top3_share") ?? 0,
        r.Double("stress_top5_share") ?? 0);

    private static RankedAccount Account(LakeRow r, List<string> criteria) => new(
        r.String("account_id")!, r.String("name") ?? r.String("crm_account_id") ?? r.String("account_id")!, Int(r, "rank"),
        r.Double("revenue") ?? 0, r.Double("revenue_share") ?? 0, r.Double("cumulative_share") ?? 0, r.String("abc_class") ?? "C",
        r.String("share_flag") ?? "none", r.Double("score"), [.. criteria.Select(c => r.Long("score_" + c) is { } v ? (int?)v : null)],
        r.Double("kaism_value") ?? 0, r.Double("kaism_attractiveness") ?? 0, r.String("kaism_quadrant") ?? "", r.Bool("declining"),
        Int(r, "touchpoints_recent"), Int(r, "touchpoints_previous"), r.Double("activity_change"), r.Double("avg_payment_delay_days"),
        r.Double("overdue_amount") ?? 0, r.Double("margin"), r.Double("margin_trend"), r.Double("discount_trend"),
        r["risk_flags"] is IEnumerable<object> flags ? [.. flags.Select(f => f.ToString()!)] : []);

    private static int Int(LakeRow r, string column) => (int)(r.Long(column) ?? 0);
}
