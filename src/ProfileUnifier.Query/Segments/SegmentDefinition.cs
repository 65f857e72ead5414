namespace ProfileUnifier.Query.Segments;

/// <summary>
/// A saved segment (config section <c>Segments</c>, keyed by name): which members it is made of and the
/// SQL predicate they meet, over the columns of <c>account_overview</c> or <c>profile_overview</c>.
/// </summary>
public sealed class SegmentDefinition
{
    /// <summary>What a user reads in <c>segment --list</c>.</summary>
    public string Description { get; set; } = "";

    /// <summary><c>accounts</c> (rows of account_overview) or <c>people</c> (rows of profile_overview).</summary>
    public string Of { get; set; } = "";

    /// <summary>A SQL boolean expression over the view's columns, e.g. <c>abc_class = 'A' AND declining</c>.</summary>
    public string Where { get; set; } = "";

    /// <summary>SQL ORDER BY expressions; empty keeps the view's key order.</summary>
    public string OrderBy { get; set; } = "";

    /// <summary>The view a segment of this kind reads.</summary>
    public string View => Of switch
    {
        "accounts" => LakeViews.AccountOverview,
        "people" => LakeViews.ProfileOverview,
        _ => throw new InvalidOperationException($"unknown segment kind {Of}"),
    };

    /// <summary>The columns a terminal table shows (exports carry every column of the view).</summary>
    public IReadOnlyList<string> SummaryColumns => Of == "people"
        ? ["first_name", "last_name", "title", "role", "emails", "account_name"]
        : ["rank", "name", "window_revenue", "currency", "abc_class", "kaism_quadrant", "risk_flags"];

    /// <summary>The key column of the view, for a stable order.</summary>
    public string Key => Of == "people" ? "profile_id" : "account_id";
}
