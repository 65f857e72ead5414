using ProfileUnifier.Core.Text;

namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>
/// One profile or account (or a connected component, whose anchor is unused): the identifier it is anchored on and its
/// members. Its id is its set's to make (<see cref="ClusterSet.IdOf(ClusterInfo)"/>). A value in its set's slot, not an
/// object: at a million identifiers, one person each three, the objects (and the level, prefix and table each held)
/// were 27 bytes an identifier of the engine's heap.
/// </summary>
internal readonly struct ClusterInfo(int anchor, int[] members)
{
    public int Anchor { get; } = anchor;

    public int[] Members { get; } = members;

    /// <summary>Whether this is a cluster, not an empty slot of a <see cref="ClusterSet"/> (the default value).</summary>
    public bool IsLive => Members is not null;

    /// <summary>
    /// The id of a cluster anchored on a node with this hash: the prefix and 80 bits of the hash (unique in practice, short
    /// enough to read out on the phone), keyed when <paramref name="key"/> is given (a profile in a pseudonymised lake).
    /// Reads nothing of the engine, so it may run on another thread than the engine's.
    /// </summary>
    public static string FormatId(string prefix, UInt128 anchorHash, Privacy.Pseudonymizer? key) =>
        key is not null ? prefix + key.Id(anchorHash, IdDigits)
        : HexId.Of(prefix, anchorHash, IdDigits);

    /// <summary>The hex digits of a cluster's id after its prefix.</summary>
    public const int IdDigits = 20;
}
