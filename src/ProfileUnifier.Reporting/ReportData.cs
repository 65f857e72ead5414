namespace ProfileUnifier.Reporting;

/// <summary>
/// What the report shows: the portfolio figures of the latest <c>rank</c>, every ranked account, the open alerts and
/// the campaign reactions. Amounts are in <see cref="PortfolioFigures.Currency"/>.
/// </summary>
public sealed record ReportData(
    PortfolioFigures Portfolio,
    IReadOnlyList<RankedAccount> Accounts,
    IReadOnlyList<WeightedCriterion> Criteria,
    ReportThresholds Thresholds,
    IReadOnlyList<OpenAlert> Alerts,
    IReadOnlyList<CampaignRow> Campaigns)
{
    /// <summary>Key accounts: the KAISM key quadrant or above a share threshold, largest first.</summary>
    public IEnumerable<RankedAccount> KeyAccounts => Accounts.Where(a => a.Revenue > 0 && (a.Quadrant == "key" || a.ShareFlag != "none"));
}

/// <summary>One row of <c>portfolio_risk</c>.</summary>
public sealed record PortfolioFigures(
    DateOnly AsOf, int WindowDays, string Currency, double TotalRevenue, int Accounts, int AccountsWithRevenue, int UnconvertedOrders,
    IReadOnlyList<string> UnconvertedAmounts, double Hhi, double Top1Share, double Top5Share, int KeyAccounts, int DependencyAccounts,
    bool MonoClient, int ClassA, int ClassB, int ClassC, int DecliningAccounts, double DeclineFalseAlarmRate, double RevenueShareNewAccounts,
    double StressTop1Share, double StressTop3Share, double StressTop5Share, double ProspectiveGrowth);

/// <summary>One row of <c>rankings</c>, as the report uses it.</summary>
public sealed record RankedAccount(
    string AccountId, string Name, int Rank, double Revenue, double Share, double CumulativeShare, string AbcClass, string ShareFlag,
    double? Score, IReadOnlyList<int?> CriterionScores, double KaismValue, double KaismAttractiveness, string Quadrant,
    bool Declining, int TouchpointsRecent, int TouchpointsPrevious, double TouchpointsExpected, double? ActivityChange,
    double? MedianPaymentDelayDays, int PaidInvoices, double OverdueAmount, double OverdueAgedAmount, double? Margin, double? MarginTrend,
    double? DiscountTrend, double? GrossMargin, double? MarginShare, double? ReplaceableShare, IReadOnlyList<double> QuarterShares,
    IReadOnlyList<string> RiskFlags);

/// <summary>A scoring criterion and its share of the score (weights normalised to sum to 1).</summary>
public sealed record WeightedCriterion(string Name, double Weight);

/// <summary>The settings the charts draw as lines: ABC cut-offs, share thresholds, KAISM splits, the campaigns' recent period.</summary>
public sealed record ReportThresholds(double ClassAUpTo, double ClassBUpTo, double KeyShare, double DependencyShare, double MonoShare,
    double KaismValueSplit, double KaismAttractivenessSplit, int ScenarioAccounts = 5, int RecentCampaignDays = 90);

/// <summary>An open alert of table <c>alerts</c>.</summary>
public sealed record OpenAlert(string Kind, string Severity, string? Account, DateOnly OpenedOn, string Message);

/// <summary>A row of <c>campaign_reactions</c>.</summary>
public sealed record CampaignRow(string CampaignId, string AccountId, int Sent, int Opened, int Clicked, int Replied, DateTime? FirstSentAt,
    DateTime? FirstReactionAt, DateTime LastActivityAt, int OrdersAfter, double RevenueAfter)
{
    public bool Reacted => Clicked + Replied > 0;
}
