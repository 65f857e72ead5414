namespace ProfileUnifier.Core.Identity;

/// <summary>
/// One normalised identifier of an event. <see cref="Explicit"/> marks account keys the event's
/// <c>account</c> block states (as opposed to ones derived from an email address).
/// </summary>
public readonly record struct IdentityKey(IdentifierKind Kind, string Value, bool Explicit = true);
