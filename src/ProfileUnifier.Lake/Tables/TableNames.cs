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

    /// <summary>Snapshot: each person's employers over time.</summary>
    public const string Employments = "employments";

    /// <summary>Snapshot: the override rules the resolution is under.</summary>
    public const string IdentityOverrides = "identity_overrides";

    /// <summary>Appended: a person's move between accounts, logged when first seen.</summary>
    public const string JobChanges = "job_changes";

    /// <summary>
    /// Tables replaced whole by a commit (one file each, swapped by rename): the identity snapshots each
    /// ingest commit writes, and the batch tables each <c>rank</c> writes.
    /// </summary>
    public static IReadOnlyList<string> Snapshots { get; } = [Identities, Profiles, Accounts, Signatures, Employments, IdentityOverrides, Rankings, PortfolioRisk];

    /// <summary>Tables each commit adds files to.</summary>
    public static IReadOnlyList<string> Appended { get; } = [Touchpoints, Merges, Rejected, JobChanges];

    public static IReadOnlyList<string> All { get; } =
        [Touchpoints, Identities, Profiles, Accounts, Signatures, Employments, IdentityOverrides, Merges, JobChanges, Rejected, Rankings, PortfolioRisk];
}
