namespace ProfileUnifier.Core.Identity;

public enum ChangeKind : byte
{
    /// <summary>A profile (or account) id now resolves to another: its identifiers joined that one.</summary>
    Merge,

    /// <summary>Part of a profile (or account) left it: an identifier turned out to be shared.</summary>
    Split,
}

public enum IdentityLevel : byte
{
    Profile,
    Account,
}

/// <summary>
/// One entry of the merge log (lake table <c>merges</c>): <paramref name="FromId"/> → <paramref name="IntoId"/>,
/// the event that triggered it and why. A split into nothing has a null <paramref name="IntoId"/>.
/// </summary>
public sealed record IdentityChange(
    ChangeKind Kind,
    IdentityLevel Level,
    string FromId,
    string? IntoId,
    string? EventId,
    DateTimeOffset? At,
    string Reason);
