using ProfileUnifier.Core.Identity.Overrides;

namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>The overrides in force, looked up by node: the pairs an identifier is named in, as nodes that exist.</summary>
internal sealed class OverrideLinks(NodeTable nodes)
{
    public IdentityOverrides Current { get; set; } = IdentityOverrides.Empty;

    /// <summary>The partners of a node's override pairs that have been seen, with the rule.</summary>
    public IEnumerable<(int Partner, OverrideRule Rule)> Partners(int node)
    {
        if ((nodes.Flags[node] & NodeFlags.InOverridePair) == 0)
        {
            yield break;
        }

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
