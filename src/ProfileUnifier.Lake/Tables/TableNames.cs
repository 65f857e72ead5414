namespace ProfileUnifier.Lake.Tables;

/// <summary>The lake's tables (DESIGN.md, "Parquet lake"), one folder each under the root.</summary>
public static class TableNames
{
    public const string Touchpoints = "touchpoints";
    public const string Identities = "identities";
    public const string Profiles = "profiles";
    public const string Accounts = "accounts";
    public const string Signatures = "signatures";
    public const string Merges = "merges";
    public const string Rejected = "rejected";
    public const string Rankings = "rankings";
    public const string PortfolioRisk = "portfolio_risk";
    public const string Alerts = "alerts";
    public const string CampaignReactions = "campaign_reactions";

    /// <summary>
    /// The tables <c>rank</c> writes, each replaced whole in one group commit (alerts too: the table holds every
    /// episode, open and closed, and a run rewrites it with what opened and closed).
    /// </summary>
    public static IReadOnlyList<string> RankOutputs { get; } = [Rankings, PortfolioRisk, Alerts, CampaignReactions];

    public static IReadOnlyList<string> All { get; } =
        [Touchpoints, Identities, Profiles, Accounts, Signatures, Merges, Rejected, Rankings, PortfolioRisk, Alerts, CampaignReactions];
}
