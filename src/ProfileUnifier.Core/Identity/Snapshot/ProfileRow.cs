namespace ProfileUnifier.Core.Identity.Snapshot;

/// <summary>A row of lake table <c>profiles</c>: one unified person.</summary>
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
    int[] EventsBySource);
