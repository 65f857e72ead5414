namespace ProfileUnifier.Query.Profiles;

/// <summary>What a lookup found: one person, or one account with its people.</summary>
public abstract record Card(string MatchedBy, IReadOnlyList<SourceTimeline> Timeline);

/// <summary>
/// A unified person, the account they belong to, their touchpoints by source, and their employers over time
/// (oldest first: account_id, account_name, valid_from, valid_to, evidence first/last seen and events).
/// </summary>
public sealed record ProfileCard(string MatchedBy, LakeRow Profile, LakeRow? Account, IReadOnlyList<SourceTimeline> Timeline,
    IReadOnlyList<LakeRow> Employment)
    : Card(MatchedBy, Timeline);

/// <summary>An account, its latest ranking, its people (decision-makers first) and its touchpoints by source.</summary>
public sealed record AccountCard(string MatchedBy, LakeRow Account, LakeRow? Ranking, IReadOnlyList<LakeRow> People, IReadOnlyList<SourceTimeline> Timeline)
    : Card(MatchedBy, Timeline);

/// <summary>A source's share of the relationship: how many touchpoints, when, and the latest ones.</summary>
public sealed record SourceTimeline(string Source, long Events, DateTime First, DateTime Last, IReadOnlyList<TimelineEntry> Latest);

/// <summary>One touchpoint in a timeline, summarised in a line.</summary>
public sealed record TimelineEntry(DateTime OccurredAt, string Type, string? Person, string Summary, string EventId);

/// <summary>A page of touchpoints, newest first, and how many there are in all.</summary>
public sealed record TimelinePage(long Total, IReadOnlyList<SourcedEntry> Entries);

/// <summary>A touchpoint with its source.</summary>
public sealed record SourcedEntry(string Source, TimelineEntry Entry);
