using System.Runtime.CompilerServices;
using ProfileUnifier.Core.Identity.Graph;

namespace ProfileUnifier.Core.Identity;

/// <summary>
/// The hashes the identity engine looks an event's keys up by, made on the thread that checks the line
/// (<see cref="Validation.EventIntake"/>): the engine's thread then starts from them, and can ask for an event's state in
/// memory before it comes to it (<see cref="IdentityEngine.Prefetch"/>). None for more keys than it keeps: the engine
/// hashes those itself. Beside the keys rather than in them: they are needed until the engine has taken the event, the
/// keys until its row is built, and in the keys' object they were 80 bytes more an event that the row builder's wait and
/// every young collection carried.
/// </summary>
public readonly struct KeyHashes
{
    /// <summary>Keys whose hashes are kept (97 % of the bench's events have at most four).</summary>
    internal const int Kept = 4;

    private readonly HashArray _keys;

    private KeyHashes(HashArray keys, UInt128 signature, int count) => (_keys, Signature, Count) = (keys, signature, count);

    /// <summary>Whether there are hashes (false: made for no key or for more than <see cref="Kept"/>, or never made).</summary>
    internal bool IsMade => Count > 0;

    /// <summary>The keys hashed, in the keys' order.</summary>
    internal int Count { get; }

    /// <summary>The signature's hash (<see cref="SignatureTable.HashOf"/>) of the keys.</summary>
    internal UInt128 Signature { get; }

    /// <summary>Key <paramref name="index"/>'s hash (<see cref="NodeTable.HashOfKey"/>).</summary>
    internal UInt128 Key(int index) => _keys[index];

    /// <summary>The hashes of <paramref name="keys"/> as they are now (none for more than <see cref="Kept"/>).</summary>
    public static KeyHashes Of(IdentityKeys keys)
    {
        var span = keys.Span;
        if (span.Length is 0 or > Kept)
        {
            return default;
        }

        HashArray hashes = default;
        var signature = SignatureTable.HashOfKeys(span, hashes);
        return new KeyHashes(hashes, signature, span.Length);
    }

    [InlineArray(Kept)]
    private struct HashArray
    {
        private UInt128 _first;
    }
}
