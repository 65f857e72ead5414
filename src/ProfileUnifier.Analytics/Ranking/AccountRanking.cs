namespace ProfileUnifier.Analytics.Ranking;

/// <summary>A row of lake table <c>rankings</c>: where one account stands and why.</summary>
public sealed record AccountRanking
{
    public required string AccountId { get; init; }
    public string? CrmAccountId { get; init; }
    public string? Name { get; init; }
    public required int Rank { get; init; }
    public required double Revenue { get; init; }
    public required double RevenueShare { get; init; }
    public required double CumulativeShare { get; init; }
    public required string AbcClass { get; init; }
    public required string ShareFlag { get; init; }
    public required int Orders { get; init; }
    public double? Margin { get; init; }

    /// <summary>Weighted score 1..10 (weights renormalised over the criteria the account has a score for).</summary>
    public double? Score { get; init; }

    /// <summary>Score per criterion, in the configured order (null: no data for it).</summary>
    public required IReadOnlyList<int?> CriterionScores { get; init; }

    public required double KaismValue { get; init; }
    public required double KaismAttractiveness { get; init; }
    public required string KaismQuadrant { get; init; }
    public double? ShareOfWallet { get; init; }
    public required int EngagementScore { get; init; }
    public double? AverageNps { get; init; }
    public required bool Declining { get; init; }
    public required int TouchpointsRecent { get; init; }
    public required int TouchpointsPrevious { get; init; }
    public double? ActivityChange { get; init; }
    public double? AvgPaymentDelayDays { get; init; }
    public required double OverdueAmount { get; init; }
    public double? MarginTrend { get; init; }
    public double? DiscountTrend { get; init; }
    public required bool NewAccount { get; init; }
    public DateTime? FirstOrderAt { get; init; }
    public required IReadOnlyList<string> RiskFlags { get; init; }
}
