namespace ProfileUnifier.Analytics.Ranking;

/// <summary>The row of lake table <c>portfolio_risk</c>: how concentrated and exposed the whole portfolio is.</summary>
public sealed record PortfolioRisk
{
    public required DateOnly AsOf { get; init; }
    public required int WindowDays { get; init; }

    /// <summary>The reporting currency every amount is in.</summary>
    public required string Currency { get; init; }
    public required double TotalRevenue { get; init; }
    public required int Accounts { get; init; }
    public required int AccountsWithRevenue { get; init; }

    /// <summary>Orders in the window left out for want of a rate, and their sums per currency ("USD 20000.00").</summary>
    public required int UnconvertedOrders { get; init; }
    public required IReadOnlyList<string> UnconvertedAmounts { get; init; }

    /// <summary>Herfindahl-Hirschman index: the sum of squared revenue shares, 0..1 (× 10,000 for the usual points).</summary>
    public required double Hhi { get; init; }
    public required double Top1Share { get; init; }
    public required double Top5Share { get; init; }
    public required int KeyAccounts { get; init; }
    public required int DependencyAccounts { get; init; }
    public required bool MonoClient { get; init; }
    public required int ClassA { get; init; }
    public required int ClassB { get; init; }
    public required int ClassC { get; init; }
    public required int DecliningAccounts { get; init; }

    /// <summary>
    /// The decline rule's expected false alarms: the share of accounts it would flag if no account's activity had
    /// changed (each account at its own activity level).
    /// </summary>
    public required double DeclineFalseAlarmRate { get; init; }

    /// <summary>Share of revenue from accounts whose first order is within the window.</summary>
    public required double RevenueShareNewAccounts { get; init; }
    public required double StressTop1Lost { get; init; }
    public required double StressTop3Lost { get; init; }
    public required double StressTop5Lost { get; init; }
    public required double StressTop1Share { get; init; }
    public required double StressTop3Share { get; init; }
    public required double StressTop5Share { get; init; }

    /// <summary>Gross margin of the window (revenue × margin over the accounts with a margin).</summary>
    public required double TotalGrossMargin { get; init; }

    /// <summary>The prospective accounts' revenue growth at their current pace (those growing only).</summary>
    public required double ProspectiveGrowth { get; init; }
}
