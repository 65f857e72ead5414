namespace ProfileUnifier.Core.Identity.Snapshot;

/// <summary>A row of lake table <c>identities</c>: one normalised identifier.</summary>
public sealed record IdentityRow(
    string IdentifierType,
    string IdentifierValue,
    string Level,
    string? ProfileId,
    string? AccountId,
    bool IsShared,
    string? SharedReason,
    DateTime FirstSeen,
    DateTime LastSeen,
    int Events);
