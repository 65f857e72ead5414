using ProfileUnifier.Core.Text;

namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>One profile or account: the identifier it is anchored on, its members, and its stable id.</summary>
/// <param name="personal">A profile: its id is keyed in a pseudonymised lake (<see cref="NodeTable.IdKey"/>); an account's never is.</param>
internal sealed class ClusterInfo(NodeTable nodes, string prefix, int anchor, int[] members, bool personal = false)
{
    public int Anchor { get; } = anchor;

    public int[] Members { get; } = members;

    /// <summary>
    /// The prefix and 80 bits of the anchor's hash: unique in practice, short enough to read out on the
    /// phone. Made when asked, not kept: at millions of profiles the strings were a fifth of the engine's memory.
    /// </summary>
    public string Id => Anchor < 0
        ? string.Empty
        : FormatId(prefix, nodes.HashOf(Anchor), personal ? nodes.IdKey : null);

    /// <summary>
    /// The id of a cluster anchored on a node with this hash: keyed when <paramref name="key"/> is given (a profile in a
    /// pseudonymised lake). Reads nothing of the engine, so it may run on another thread than the engine's.
    /// </summary>
    public static string FormatId(string prefix, UInt128 anchorHash, Privacy.Pseudonymizer? key) =>
        key is not null ? prefix + key.Id(anchorHash, 20)
        : HexId.Of(prefix, anchorHash, 20);
}
