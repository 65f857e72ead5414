namespace ProfileUnifier.Reporting;

/// <summary>What the report shows: the portfolio figures of the latest <c>rank</c> and every ranked account.</summary>
public sealed record ReportData(
    PortfolioFigures Portfolio,
    IReadOnlyList<RankedAccount> Accounts,
    IReadOnlyList<WeightedCriterion> Criteria,
    ReportThresholds Thresholds);

/// <summary>One row of <c>portfolio_risk</c>.</summary>
public sealed record PortfolioFigures(
    DateOnly AsOf, int WindowDays, double TotalRevenue, int Accounts, int AccountsWithRevenue, double Hhi, double Top1Share,
    double Top5Share, int KeyAccounts, int DependencyAccounts, bool MonoClient, int ClassA, int ClassB, int ClassC,
    int DecliningAccounts, double RevenueShareNewAccounts, double StressTop1Share, double StressTop3Share, double StressTop5Share);

/// <summary>One row of <c>rankings</c>, as the report uses it.</summary>
public sealed record RankedAccount(
    string AccountId, string Name, int Rank, double Revenue, double Share, double CumulativeShare, string AbcClass, string ShareFlag,
    double? Score, IReadOnlyList<int?> CriterionScores, double KaismValue, double KaismAttractiveness, string Quadrant,
    bool Declining, int TouchpointsRecent, int TouchpointsPrevious, double? ActivityChange, double? AvgPaymentDelayDays,
    double OverdueAmount, double? Margin, double? MarginTrend, double? DiscountTrend, IReadOnlyList<string> RiskFlags);

/// <summary>A scoring criterion and its share of the score (weights normalised to sum to 1).</summary>
public sealed record WeightedCriterion(string Name, double Weight);

/// <summary>The settings the charts draw as lines: ABC cut-offs, share thresholds, KAISM splits.</summary>
public sealed record ReportThresholds(double ClassAUpTo, double ClassBUpTo, double KeyShare, double DependencyShare, double MonoShare,
    double KaismValueSplit, double KaismAttractivenessSplit);
