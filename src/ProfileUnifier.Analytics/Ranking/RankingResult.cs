using ProfileUnifier.Analytics.Options;

namespace ProfileUnifier.Analytics.Ranking;

/// <summary>What a rank run computed: one row per account (by rank) and the portfolio row.</summary>
public sealed record RankingResult(IReadOnlyList<CriterionOptions> Criteria, IReadOnlyList<AccountRanking> Accounts, PortfolioRisk Portfolio);
