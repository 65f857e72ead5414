using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Query;

/// <summary>
/// The documented views a query, a segment or the report can use besides the tables themselves (README,
/// "Views"). Each names the tables it needs, so a lake without them says what to run instead of failing
/// on a missing column.
/// </summary>
public static class LakeViews
{
    /// <summary>Touchpoints with the resolution as it is now (touchpoints keep the one of their ingestion).</summary>
    public const string Events = "events";

    /// <summary>Accounts with their latest ranking.</summary>
    public const string AccountOverview = "account_overview";

    /// <summary>People with their account and its latest ranking.</summary>
    public const string ProfileOverview = "profile_overview";

    public static IReadOnlyList<ViewDefinition> All { get; } =
    [
        // An event whose account is its person's (account_basis 'person') takes the employer of the event's time
        // when the person changed employer: the employments row its occurred_at falls in.
        new(Events, "touchpoints with profile_id and account_id as resolved now (merges, splits and job changes applied; " +
                    "a touchpoint newer than the signatures snapshot keeps its resolution at ingestion)",
            [TableNames.Touchpoints, TableNames.Signatures, TableNames.Employments],
            $"""
            SELECT t.* REPLACE (CASE WHEN s.signature_id IS NULL THEN t.profile_id ELSE s.profile_id END AS profile_id,
                                CASE WHEN s.signature_id IS NULL THEN t.account_id ELSE coalesce(m.account_id, s.account_id) END AS account_id),
                   t.profile_id AS profile_id_at_ingest
            FROM {TableNames.Touchpoints} t
            LEFT JOIN {TableNames.Signatures} s ON s.signature_id = t.signature_id
            LEFT JOIN (SELECT * FROM {TableNames.Employments} WHERE valid_from IS NOT NULL OR valid_to IS NOT NULL) m
                   ON s.account_basis = 'person' AND m.profile_id = s.profile_id
                  AND (m.valid_from IS NULL OR t.occurred_at >= m.valid_from) AND (m.valid_to IS NULL OR t.occurred_at < m.valid_to)
            """),
        new(AccountOverview, "accounts with their latest ranking (ranking revenue, orders and margin are the window's: window_*)",
            [TableNames.Accounts, TableNames.Rankings],
            $"""
            SELECT a.*, r.* EXCLUDE (account_id, crm_account_id, name)
                            RENAME (revenue AS window_revenue, orders AS window_orders, margin AS window_margin)
            FROM {TableNames.Accounts} a LEFT JOIN {TableNames.Rankings} r ON r.account_id = a.account_id
            """),
        new(ProfileOverview, "people with their account (account_*), its latest ranking, and the account they moved from (previous_account_*)",
            [TableNames.Profiles, TableNames.Accounts, TableNames.Rankings],
            $"""
            SELECT p.*, a.name AS account_name, a.crm_account_id, a.inn, a.domain, a.industry, a.region, a.employees,
                   r.rank AS account_rank, r.abc_class, r.share_flag, r.score AS account_score, r.kaism_quadrant,
                   r.declining, r.risk_flags, pa.name AS previous_account_name
            FROM {TableNames.Profiles} p
            LEFT JOIN {TableNames.Accounts} a ON a.account_id = p.account_id
            LEFT JOIN {TableNames.Rankings} r ON r.account_id = p.account_id
            LEFT JOIN {TableNames.Accounts} pa ON pa.account_id = p.previous_account_id
            """),
    ];
}

/// <summary>A view over lake tables: its name, what it shows, the tables it needs and its SQL.</summary>
public sealed record ViewDefinition(string Name, string Description, IReadOnlyList<string> Requires, string Sql);
