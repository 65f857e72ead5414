using System.Diagnostics;

namespace ProfileUnifier.Core.Identity;

/// <summary>The normalised identifiers of one event, and the ones it carried that are not usable.</summary>
public sealed class IdentityKeys
{
    private readonly List<IdentityKey> _keys = new(6);
    private List<IgnoredIdentifier>? _ignored;

    public IReadOnlyList<IdentityKey> Keys => _keys;

    public IReadOnlyList<IgnoredIdentifier> Ignored => (IReadOnlyList<IgnoredIdentifier>?)_ignored ?? [];

    public bool IsEmpty => _keys.Count == 0;

    /// <summary>The normalised value of a kind (the explicit one when both exist), or null.</summary>
    public string? Get(IdentifierKind kind, bool explicitOnly = false)
    {
        string? found = null;
        foreach (var key in _keys)
        {
            if (key.Kind == kind && (key.Explicit || !explicitOnly))
            {
                if (key.Explicit)
                {
                    return key.Value;
                }

                found ??= key.Value;
            }
        }

        return found;
    }

    internal void Add(IdentifierKind kind, string value, bool isExplicit = true)
    {
        for (var i = 0; i < _keys.Count; i++)
        {
            if (_keys[i].Kind == kind && _keys[i].Value == value)
            {
                // The same key stated and derived (block domain = email domain): stated wins.
                _keys[i] = _keys[i] with { Explicit = _keys[i].Explicit || isExplicit };
                return;
            }
        }

        _keys.Add(new IdentityKey(kind, value, isExplicit));
    }

    /// <summary>Swaps the value of key <paramref name="index"/> for an equal string (the engine's copy).</summary>
    internal void Share(int index, string value)
    {
        Debug.Assert(value == _keys[index].Value, "only an equal string may replace a value");
        _keys[index] = _keys[index] with { Value = value };
    }

    internal void Ignore(string field, string reason) => (_ignored ??= []).Add(new IgnoredIdentifier(field, reason));
}
