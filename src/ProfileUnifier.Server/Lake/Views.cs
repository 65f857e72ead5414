namespace ProfileUnifier.Server.Lake;

/// <summary>A lake row as the API returns it: column name → value (identifiers masked for viewers).</summary>
public sealed class Row : Dictionary<string, object?>
{
    public Row()
        : base(StringComparer.Ordinal)
    {
    }

    public string? Text(string column) => TryGetValue(column, out var v) ? v as string : null;
}

/// <summary>An identifier resolved to a profile.</summary>
public sealed record IdentifierView(string Type, string Value, bool IsShared);

/// <summary>A unified person: card, identifiers, account and its ranking, employment history where the lake records it (null where it does not).</summary>
public sealed record ProfileView(string MatchedBy, Row Profile, Row? Account, Row? Ranking, IReadOnlyList<IdentifierView> Identifiers, IReadOnlyList<Row>? Employment);

/// <summary>One criterion of an account's weighted score (1..10).</summary>
public sealed record ScoreItem(string Criterion, double? Score);

/// <summary>An account: its card, ranking, score breakdown, risk flags, people (decision-makers first) and alerts where the lake has them.</summary>
public sealed record AccountView(string MatchedBy, Row Account, Row? Ranking, IReadOnlyList<ScoreItem> Score, IReadOnlyList<string> RiskFlags,
    IReadOnlyList<Row> People, IReadOnlyList<Row>? Alerts);

/// <summary>What a lookup found: a person, or an account (an account-level identifier such as a role mailbox or an INN).</summary>
public sealed record LookupResult(string Kind, ProfileView? Profile, AccountView? Account);

/// <summary>A page of rows and how many there are in all.</summary>
public sealed record Paged<T>(long Total, int Number, int PageSize, IReadOnlyList<T> Items);

/// <summary>A touchpoint of a timeline.</summary>
public sealed record TimelineItem(DateTime OccurredAt, string Source, string Type, string? Person, string Summary, string EventId);

/// <summary>A saved segment and how many members it has now (or why it cannot run on this lake).</summary>
public sealed record SegmentSummary(string Name, string Of, string Description, string Where, long? Members, string? Problem);

/// <summary>Search results: people and accounts.</summary>
public sealed record SearchResult(string Query, LookupResult? Exact, IReadOnlyList<Row> People, IReadOnlyList<Row> Accounts);

/// <summary>Filters of the rankings list (any may be empty).</summary>
public sealed record RankingFilter(string? Abc, string? Quadrant, string? Flag);
