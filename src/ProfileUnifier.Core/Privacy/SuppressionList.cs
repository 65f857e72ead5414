using ProfileUnifier.Core.Identity;

namespace ProfileUnifier.Core.Privacy;

/// <summary>
/// The people erased from the lake, as tokens of their person-level identifiers (<see cref="Pseudonymizer"/>): an event
/// that carries any of them is dropped before it reaches the identity engine, so a replay of old events does not bring
/// an erased person back. Shared and account-level identifiers are never on the list (they are not one person's).
/// </summary>
public sealed class SuppressionList
{
    private readonly IReadOnlySet<string> _tokens;
    private readonly Pseudonymizer? _hasher;

    /// <param name="hasher">The key's hasher; required when there are tokens (without it nobody can be recognised).</param>
    public SuppressionList(IReadOnlySet<string> tokens, Pseudonymizer? hasher)
    {
        if (tokens.Count > 0 && hasher is null)
        {
            throw new ArgumentException("a suppression list with tokens needs the key they were made with", nameof(hasher));
        }

        _tokens = tokens;
        _hasher = hasher;
    }

    public static SuppressionList Empty { get; } = new(new HashSet<string>(), null);

    public int Count => _tokens.Count;

    /// <summary>
    /// True when a person-level identifier of the event is on the list. <paramref name="known"/> says which identifiers the
    /// identity engine holds: those are never on the list (erasure removed every event with one, and the engine was rebuilt
    /// without them), so only identifiers new to the engine cost a hash.
    /// </summary>
    public bool Covers(IdentityKeys keys, Func<IdentifierKind, string, bool> known)
    {
        if (_tokens.Count == 0)
        {
            return false;
        }

        foreach (var key in keys.Span)
        {
            if (key.Kind.IsPersonLevel() && !known(key.Kind, key.Value) && _tokens.Contains(_hasher!.Token(key.Kind, key.Value)))
            {
                return true;
            }
        }

        return false;
    }
}
