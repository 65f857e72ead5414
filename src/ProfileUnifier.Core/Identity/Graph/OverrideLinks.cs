using ProfileUnifier.Core.Identity.Overrides;

namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>The overrides in force, looked up by node: the pairs an identifier is named in, as nodes that exist.</summary>
internal sealed class OverrideLinks(NodeTable nodes)
{
    public IdentityOverrides Current { get; set; } = IdentityOverrides.Empty;

    /// <summary>The partners of a node's override pairs that have been seen, with the rule.</summary>
    /// <remarks>
    /// Not an iterator itself: a resolve asks this of every member it walks, nearly none of them in a pair, and an
    /// iterator object each time was 75 MB of a 5M-line ingest's garbage.
    /// </remarks>
    public IEnumerable<(int Partner, OverrideRule Rule)> Partners(int node) =>
        (nodes.Flags[node] & NodeFlags.InOverridePair) == 0 ? [] : PairedPartners(node);

    private IEnumerable<(int Partner, OverrideRule Rule)> PairedPartners(int node)
    {
        foreach (var (partner, rule) in Current.PairsOf(nodes.Kind[node], nodes.Value[node]))
        {
            if (nodes.TryFind(partner.Kind, partner.Value, out var other))
            {
                yield return (other, rule);
            }
        }
    }

    /// <summary>Sets the override flags of a node from the rules in force; true when they changed.</summary>
    public bool Flag(int node)
    {
        var before = nodes.Flags[node];
        var (kind, value) = (nodes.Kind[node], nodes.Value[node]);
        var flags = before & ~(NodeFlags.NeverLink | NodeFlags.InOverridePair);
        if (Current.IsNeverLink(kind, value))
        {
            flags |= NodeFlags.NeverLink;
        }

        if (Current.InPair(kind, value))
        {
            flags |= NodeFlags.InOverridePair;
        }

        nodes.Flags[node] = flags;
        return flags != before;
    }
}
