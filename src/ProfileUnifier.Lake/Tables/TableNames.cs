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

    /// <summary>The audit of <c>forget</c>: one row per erasure, without the person's identifiers.</summary>
    public const string Erasures = "erasures";

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

    /// <summary>
    /// The tables of the identity engine's state, refreshed from it (after an erasure, from the state without the person), in
    /// the order they are published: signatures last, so that a lake whose signatures a reader sees has the employments the
    /// <c>events</c> view joins with them.
    /// </summary>
    public static IReadOnlyList<string> IdentitySnapshots { get; } = [Identities, Profiles, Accounts, Employments, IdentityOverrides, Signatures];

    public static IReadOnlyList<string> All { get; } =
        [Touchpoints, Identities, Profiles, Accounts, Signatures, Employments, IdentityOverrides, Merges, JobChanges, Rejected, Rankings, PortfolioRisk, Alerts, CampaignReactions];
}
