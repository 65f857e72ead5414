using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ProfileUnifier.Core.Identity.Graph;

namespace ProfileUnifier.Core.Identity;

/// <summary>The normalised identifiers of one event, and the ones it carried that are not usable.</summary>
public sealed class IdentityKeys
{
    /// <summary>Keys whose hashes <see cref="PrepareHashes"/> keeps (97 % of the bench's events have at most four).</summary>
    private const int HashedKeys = 4;

    private readonly List<IdentityKey> _keys = new(6);
    private List<IgnoredIdentifier>? _ignored;
    private KeyHashArray _keyHashes;

    public IReadOnlyList<IdentityKey> Keys => _keys;

    /// <summary>
    /// <see cref="Keys"/> as a span, for the paths that read every key of every event (the engine, the row builder):
    /// through the list's interface each key was a call of its own, ~1 % of a 5M-line ingest's samples with the dispatch.
    /// </summary>
    public ReadOnlySpan<IdentityKey> Span => CollectionsMarshal.AsSpan(_keys);

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

    /// <summary>Whether <see cref="PrepareHashes"/> made the hashes of the keys as they are now.</summary>
    internal bool HasHashes { get; private set; }

    /// <summary>The signature's hash (<see cref="SignatureTable.HashOf"/>) of the keys, once <see cref="HasHashes"/>.</summary>
    internal UInt128 SignatureHash { get; private set; }

    /// <summary>Key <paramref name="index"/>'s hash (<see cref="NodeTable.HashOfKey"/>), once <see cref="HasHashes"/>.</summary>
    internal UInt128 KeyHash(int index) => _keyHashes[index];

    /// <summary>
    /// Makes the hashes the identity engine looks the keys up by, on the thread that checks the line: the engine's thread
    /// then starts from them, and can ask for an event's state in memory before it comes to it
    /// (<see cref="IdentityEngine.Prefetch"/>). Nothing for more keys than it keeps: the engine hashes those itself.
    /// </summary>
    internal void PrepareHashes()
    {
        HasHashes = false;
        if (_keys.Count is 0 or > HashedKeys)
        {
            return;
        }

        SignatureHash = SignatureTable.HashOfKeys(Span, _keyHashes);
        HasHashes = true;
    }

    internal void Add(IdentifierKind kind, string value, bool isExplicit = true)
    {
        HasHashes = false;
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

    [InlineArray(HashedKeys)]
    private struct KeyHashArray
    {
        private UInt128 _first;
    }

    internal void Ignore(string field, string reason) => (_ignored ??= []).Add(new IgnoredIdentifier(field, reason));
}
