namespace ProfileUnifier.Core.Identity.Overrides;

/// <summary>One normalised override: a value (<see cref="B"/> null) or a pair of identifiers.</summary>
public sealed record OverrideRule(OverrideKind Kind, IdentityKey A, IdentityKey? B, string? Note)
{
    public override string ToString()
    {
        var what = B is { } b ? $"{Text(A)} and {Text(b)}" : Text(A);
        return $"{Kind.WireName()} {what}" + (Note is null ? "" : $" ({Note})");
    }

    public static string Text(IdentityKey key) => $"{key.Kind.WireName()}:{key.Value}";
}
