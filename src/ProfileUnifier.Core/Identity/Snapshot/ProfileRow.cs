namespace ProfileUnifier.Core.Identity.Snapshot;

/// <summary>
/// A row of lake table <c>profiles</c>: one unified person. <paramref name="AccountId"/> is the current employer; after
/// a move, <paramref name="PreviousAccountId"/> is the one before and <paramref name="AccountSince"/> when the new one began.
/// </summary>
public sealed record ProfileRow(
    string ProfileId,
    string? AccountId,
    string? FirstName,
    string? LastName,
    string? Title,
    string? Role,
    IReadOnlyList<string> Emails,
    IReadOnlyList<string> Phones,
    string? CrmContactId,
    string? UserId,
    IReadOnlyList<string> Socials,
    int AnonymousIds,
    DateTime FirstSeen,
    DateTime LastSeen,
    int Events,
    int[] EventsBySource,
    string? PreviousAccountId = null,
    DateTime? AccountSince = null);
