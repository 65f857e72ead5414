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
    /// Tables replaced whole by a commit (one file each, swapped by rename): the identity snapshots each
    /// ingest commit writes, and the batch tables each <c>rank</c> writes (alerts too: the table holds every
    /// episode, open and closed, and a run rewrites it with what opened and closed).
    /// </summary>
    public static IReadOnlyList<string> Snapshots { get; } = [Identities, Profiles, Accounts, Signatures, Rankings, PortfolioRisk, Alerts, CampaignReactions];

    /// <summary>The tables <c>rank</c> writes, in one transaction.</summary>
    public static IReadOnlyList<string> RankOutputs { get; } = [Rankings, PortfolioRisk, Alerts, CampaignReactions];

    /// <summary>Tables each commit adds files to.</summary>
    public static IReadOnlyList<string> Appended { get; } = [Touchpoints, Merges, Rejected];

    public static IReadOnlyList<string> All { get; } =
        [Touchpoints, Identities, Profiles, Accounts, Signatures, Merges, Rejected, Rankings, PortfolioRisk, Alerts, CampaignReactions];
}
