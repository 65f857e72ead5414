using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace ProfileUnifier.Core.Identity;

/// <summary>The normalised identifiers of one event, and the ones it carried that are not usable.</summary>
public sealed class IdentityKeys
{
    // The keys in the object itself while they are few (97 % of events), in an array of their own beyond that: an event's
    // keys ride with it from the checking thread to the row builder, and as a list they were two more objects an event
    // (~150 bytes) that every young collection copied.
    private InlineKeys _inline;
    private IdentityKey[]? _spilled;
    private int _count;
    private List<IgnoredIdentifier>? _ignored;

    /// <summary>The keys, copied (the hot paths read <see cref="Span"/>).</summary>
    public IReadOnlyList<IdentityKey> Keys => Span.ToArray();

    /// <summary>The keys, for the paths that read every key of every event (the engine, the row builder).</summary>
    public ReadOnlySpan<IdentityKey> Span
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _spilled is null ? ((ReadOnlySpan<IdentityKey>)_inline)[.._count] : _spilled.AsSpan(0, _count);
    }

    public IReadOnlyList<IgnoredIdentifier> Ignored => (IReadOnlyList<IgnoredIdentifier>?)_ignored ?? [];

    public bool IsEmpty => _count == 0;

    /// <summary>The normalised value of a kind (the explicit one when both exist), or null.</summary>
    public string? Get(IdentifierKind kind, bool explicitOnly = false)
    {
        string? found = null;
        foreach (var key in Span)
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
        var keys = Writable;
        for (var i = 0; i < _count; i++)
        {
            if (keys[i].Kind == kind && keys[i].Value == value)
            {
                // The same key stated and derived (block domain = email domain): stated wins.
                keys[i] = keys[i] with { Explicit = keys[i].Explicit || isExplicit };
                return;
            }
        }

        if (_spilled is null && _count == InlineKeys.Length)
        {
            _spilled = new IdentityKey[2 * InlineKeys.Length];
            keys.CopyTo(_spilled);
        }
        else if (_spilled is not null && _count == _spilled.Length)
        {
            Array.Resize(ref _spilled, 2 * _count);
        }

        Writable[_count++] = new IdentityKey(kind, value, isExplicit);
    }

    /// <summary>Swaps the value of key <paramref name="index"/> for an equal string (the engine's copy).</summary>
    internal void Share(int index, string value)
    {
        var keys = Writable;
        Debug.Assert(value == keys[index].Value, "only an equal string may replace a value");
        keys[index] = keys[index] with { Value = value };
    }

    /// <summary>Where the keys are, with room for more (the whole inline array, or the spilled one).</summary>
    private Span<IdentityKey> Writable => _spilled is null ? _inline : _spilled;

    [InlineArray(Length)]
    private struct InlineKeys
    {
        // As many as KeyHashes keeps hashes of.
        public const int Length = KeyHashes.Kept;

        private IdentityKey _first;
    }

    internal void Ignore(string field, string reason) => (_ignored ??= []).Add(new IgnoredIdentifier(field, reason));
}
