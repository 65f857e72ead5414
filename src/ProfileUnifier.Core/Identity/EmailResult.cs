namespace ProfileUnifier.Core.Identity;

/// <summary>
/// A normalised email: <see cref="IsRole"/> for role mailboxes (info@, sales@) and the domain when it
/// names an employer (not a free-mail provider). <see cref="Value"/> is null when the address is not usable.
/// </summary>
public readonly record struct EmailResult(string? Value, bool IsRole, string? CorporateDomain, string? Problem)
{
    public static EmailResult Unusable(string problem) => new(null, false, null, problem);
}
