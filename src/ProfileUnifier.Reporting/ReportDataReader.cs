using ProfileUnifier.Analytics.Options;
using ProfileUnifier.Analytics.Ranking;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Query;

namespace ProfileUnifier.Reporting;

/// <summary>Reads what the report needs from the tables <c>rank</c> writes: rankings, portfolio_risk, alerts, campaign_reactions.</summary>
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
        var names = accounts.ToDictionary(a => a.AccountId, a => a.Name, StringComparer.Ordinal);
        var alerts = !lake.Has(TableNames.Alerts) ? [] : lake.Records($"""
            SELECT kind, severity, account_id, opened_at::DATE AS opened_on, message FROM {TableNames.Alerts}
            WHERE closed_at IS NULL ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, opened_at DESC, alert_id
            """).Select(r => new OpenAlert(r.String("kind")!, r.String("severity")!, r.String("account_id") is { } id ? names.GetValueOrDefault(id, id) : null,
                Day(r["opened_on"]), r.String("message")!)).ToList();
        var campaigns = !lake.Has(TableNames.CampaignReactions) ? [] : lake.Records($"SELECT * FROM {TableNames.CampaignReactions}")
            .Select(r => new CampaignRow(r.String("campaign_id")!, r.String("account_id")!, Int(r, "sent"), Int(r, "opened"), Int(r, "clicked"),
                Int(r, "replied"), Time(r["first_sent_at"]), Time(r["first_reaction_at"]), Time(r["last_activity_at"]) ?? default,
                Int(r, "orders_after_reaction"), r.Double("revenue_after_reaction") ?? 0)).ToList();
        return new ReportData(Portfolio(portfolio), accounts, criteria, new ReportThresholds(options.ClassAUpTo, options.ClassBUpTo,
            options.KeyShare, options.DependencyShare, options.MonoShare, options.Kaism.ValueSplit, options.Kaism.AttractivenessSplit,
            options.ScenarioAccounts, options.Campaigns.RecentDays), alerts, campaigns);
    }

    private static PortfolioFigures Portfolio(LakeRow r) => new(
        Day(r["as_of"]), Int(r, "window_days"), r.String("currency") ?? "", r.Double("total_revenue") ?? 0, Int(r, "accounts"),
        Int(r, "accounts_with_revenue"), Int(r, "unconverted_orders"), Strings(r["unconverted_amounts"]), r.Double("hhi") ?? 0,
        r.Double("top1_share") ?? 0, r.Double("top5_share") ?? 0, Int(r, "key_accounts"), Int(r, "dependency_accounts"), r.Bool("mono_client"),
        Int(r, "class_a_accounts"), Int(r, "class_b_accounts"), Int(r, "class_c_accounts"), Int(r, "declining_accounts"),
        r.Double("decline_false_alarm_rate") ?? 0, r.Double("revenue_share_new_accounts") ?? 0, r.Double("stress_top1_share") ?? 0,
        r.Double("stress_top3_share") ?? 0, r.Double("stress_top5_share") ?? 0, r.Double("prospective_growth") ?? 0);

    private static RankedAccount Account(LakeRow r, List<string> criteria) => new(
        r.String("account_id")!, r.String("name") ?? r.String("crm_account_id") ?? r.String("account_id")!, Int(r, "rank"),
        r.Double("revenue") ?? 0, r.Double("revenue_share") ?? 0, r.Double("cumulative_share") ?? 0, r.String("abc_class") ?? "C",
        r.String("share_flag") ?? "none", r.Double("score"), [.. criteria.Select(c => r.Long("score_" + c) is { } v ? (int?)v : null)],
        r.Double("kaism_value") ?? 0, r.Double("kaism_attractiveness") ?? 0, r.String("kaism_quadrant") ?? "", r.Bool("declining"),
        Int(r, "touchpoints_recent"), Int(r, "touchpoints_previous"), r.Double("touchpoints_expected") ?? 0, r.Double("activity_change"),
        r.Double("median_payment_delay_days"), Int(r, "paid_invoices"), r.Double("overdue_amount") ?? 0, r.Double("overdue_aged_amount") ?? 0,
        r.Double("margin"), r.Double("margin_trend"), r.Double("discount_trend"), r.Double("gross_margin"), r.Double("margin_share"),
        r.Double("replaceable_share"), [.. Enumerable.Range(1, 4).Select(q => r.Double($"share_q{q}") ?? 0)], Strings(r["risk_flags"]));

    private static int Int(LakeRow r, string column) => (int)(r.Long(column) ?? 0);

    private static IReadOnlyList<string> Strings(object? list) => list is IEnumerable<object> items ? [.. items.Select(i => i.ToString()!)] : [];

    private static DateOnly Day(object? value) => value switch
    {
        DateOnly d => d,
        DateTimeOffset o => DateOnly.FromDateTime(o.UtcDateTime),
        DateTime t => DateOnly.FromDateTime(t),
        _ => default,
    };

    private static DateTime? Time(object? value) => value switch
    {
        DateTimeOffset o => o.UtcDateTime,
        DateTime t => DateTime.SpecifyKind(t, DateTimeKind.Utc),
        _ => null,
    };
}
