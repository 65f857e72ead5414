using ProfileUnifier.Analytics.Options;

namespace ProfileUnifier.Analytics.Ranking;

/// <summary>What a rank run computed: one row per account (by rank), the portfolio row and the top accounts' negative scenarios.</summary>
public sealed record RankingResult(IReadOnlyList<CriterionOptions> Criteria, IReadOnlyList<AccountRanking> Accounts, PortfolioRisk Portfolio)
{
    /// <summary>"What if it leaves" for the top <paramref name="count"/> accounts with revenue.</summary>
    public IReadOnlyList<AccountRanking> ScenarioAccounts(int count) => [.. Accounts.Where(a => a.Revenue > 0).Take(count)];
}
