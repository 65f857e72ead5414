using ProfileUnifier.Core.Identity;

namespace ProfileUnifier.Ingestion.Erasure;

/// <summary>
/// Who an erasure removes: the profile, the person-level identifiers that are theirs alone (shared ones belong to no one
/// person and stay), and the identifier sets (signatures) whose events now resolve to them.
/// </summary>
public sealed record ErasedPerson(
    string ProfileId,
    IReadOnlyList<(IdentifierKind Kind, string Value)> Identifiers,
    IReadOnlySet<string> Signatures)
{
    /// <summary>The values of one kind (as the lake stores them).</summary>
    public IReadOnlySet<string> Values(IdentifierKind kind) =>
        Identifiers.Where(i => i.Kind == kind).Select(i => i.Value).ToHashSet(StringComparer.Ordinal);
}
