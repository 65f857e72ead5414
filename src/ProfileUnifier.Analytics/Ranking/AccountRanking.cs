namespace ProfileUnifier.Analytics.Ranking;

/// <summary>A row of lake table <c>rankings</c>: where one account stands and why. Money is in the reporting currency.</summary>
public sealed record AccountRanking
{
    public required string AccountId { get; init; }
    public string? CrmAccountId { get; init; }
    public string? Name { get; init; }
    public required int Rank { get; init; }
    public required double Revenue { get; init; }
    public required double RevenueShare { get; init; }
    public required double CumulativeShare { get; init; }
    public required AbcClass AbcClass { get; init; }
    public required ShareFlag ShareFlag { get; init; }
    public required int Orders { get; init; }

    /// <summary>Orders in the window whose currency has no rate: reported here, left out of the revenue.</summary>
    public required int UnconvertedOrders { get; init; }
    public double? Margin { get; init; }

    /// <summary>Weighted score 1..10 (weights renormalised over the criteria the account has a score for).</summary>
    public double? Score { get; init; }

    /// <summary>Score per criterion, in the configured order (null: no data for it).</summary>
    public required IReadOnlyList<int?> CriterionScores { get; init; }

    public required double KaismValue { get; init; }
    public required double KaismAttractiveness { get; init; }
    public required KaismQuadrant KaismQuadrant { get; init; }
    public double? ShareOfWallet { get; init; }
    public required int EngagementScore { get; init; }
    public double? AverageNps { get; init; }
    public required bool Declining { get; init; }

    /// <summary>Touchpoints in the recent period, and in the baseline period before it.</summary>
    public required int TouchpointsRecent { get; init; }
    public required int TouchpointsPrevious { get; init; }

    /// <summary>Touchpoints the recent period would have at the baseline's rate.</summary>
    public required double TouchpointsExpected { get; init; }

    /// <summary>Recent against expected, −1..: −0.9 is a 90 % drop.</summary>
    public double? ActivityChange { get; init; }

    /// <summary>One-sided p-value of the drop (1: no evidence of one).</summary>
    public required double DeclinePValue { get; init; }
    public double? AvgPaymentDelayDays { get; init; }
    public double? MedianPaymentDelayDays { get; init; }
    public required int PaidInvoices { get; init; }
    public required double OverdueAmount { get; init; }
    public required double OverdueAgedAmount { get; init; }
    public double? MarginTrend { get; init; }
    public double? MarginTrendPValue { get; init; }
    public double? DiscountTrend { get; init; }
    public double? DiscountTrendPValue { get; init; }

    /// <summary>Revenue × margin in the window: what the account contributes to gross profit.</summary>
    public double? GrossMargin { get; init; }

    /// <summary>Its share of the portfolio's gross margin.</summary>
    public double? MarginShare { get; init; }

    /// <summary>Revenue change at the current pace: the window's second half annualised, minus the window's revenue.</summary>
    public required double RevenueGrowth { get; init; }

    /// <summary>If it left: how much of its revenue the prospective accounts' growth would replace (0..1).</summary>
    public double? ReplaceableShare { get; init; }

    /// <summary>Share of revenue in each of the last four 91-day quarters, oldest first; the last ends on the as-of day.</summary>
    public required IReadOnlyList<double> QuarterShares { get; init; }
    public required bool NewAccount { get; init; }
    public DateTime? FirstOrderAt { get; init; }
    public required IReadOnlyList<RiskFlag> RiskFlags { get; init; }

    public bool Has(RiskFlag flag) => RiskFlags.Contains(flag);
}
