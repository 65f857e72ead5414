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

    /// <summary>Snapshot: each person's employers over time.</summary>
    public const string Employments = "employments";

    /// <summary>Snapshot: the override rules the resolution is under.</summary>
    public const string IdentityOverrides = "identity_overrides";

    /// <summary>Appended: a person's move between accounts, logged when first seen.</summary>
    public const string JobChanges = "job_changes";

    /// <summary>
    /// The tables <c>rank</c> writes, each replaced whole in one group commit (alerts too: the table holds every
    /// episode, open and closed, and a run rewrites it with what opened and closed).
    /// </summary>
    public static IReadOnlyList<string> RankOutputs { get; } = [Rankings, PortfolioRisk, Alerts, CampaignReactions];

    public static IReadOnlyList<string> All { get; } =
        [Touchpoints, Identities, Profiles, Accounts, Signatures, Employments, IdentityOverrides, Merges, JobChanges, Rejected, Rankings, PortfolioRisk, Alerts, CampaignReactions];
}
