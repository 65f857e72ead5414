namespace ProfileUnifier.Core.Identity.Explain;

/// <summary>
/// The answer of <c>explain</c>: why identifiers are (or are not) in one profile, and why events and people are
/// on their accounts. A plain data tree, printed as text or written as JSON.
/// </summary>
public sealed record Explanation(
    string Question,
    string Answer,
    IReadOnlyList<IdentifierFacts> Identifiers,
    IReadOnlyList<ExplainedLink> Chain,
    IReadOnlyList<string> Reasons,
    EventFacts? Event,
    IReadOnlyList<AccountExplanation> Accounts);

/// <summary>What the lake knows of one identifier (<see cref="Type"/> null: never seen).</summary>
public sealed record IdentifierFacts(
    string Identifier,
    string? Type,
    string? ProfileId,
    string? AccountId,
    int Events,
    DateTime? FirstSeen,
    DateTime? LastSeen,
    string? Shared);

/// <summary>
/// One link of a chain: two identifiers seen in the same events (<see cref="Events"/> of them, the first being
/// <see cref="EventId"/>), and whether the link holds; when it does not, why.
/// </summary>
public sealed record ExplainedLink(string From, string To, bool Holds, string? EventId, DateTime? At, int Events, string? Why);

/// <summary>One event: its identifiers, the identifier its profile came through, its account.</summary>
public sealed record EventFacts(string EventId, DateTime OccurredAt, IReadOnlyList<string> Identifiers, string? ProfileId, string? ProfileVia);

/// <summary>Why a person, an identifier or an event is on an account: the evidence that won, and a person's employers.</summary>
public sealed record AccountExplanation(
    string Subject,
    string? AccountId,
    string? AccountName,
    string? Basis,
    string Why,
    IReadOnlyList<EmploymentFacts> Employment);

/// <summary>One employer of a person and the stretch of time its evidence covers.</summary>
public sealed record EmploymentFacts(string AccountId, string? AccountName, DateTime? From, DateTime? To, DateTime FirstSeen, DateTime LastSeen, int Events);
