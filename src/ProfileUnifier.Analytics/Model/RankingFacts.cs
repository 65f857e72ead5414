namespace ProfileUnifier.Analytics.Model;

/// <summary>What <c>rank</c> reads from the lake: the accounts' facts and the days the lake's events span.</summary>
public sealed record RankingFacts(IReadOnlyCollection<AccountFacts> Accounts, DateOnly? FirstEventDay, DateOnly? LastEventDay);
