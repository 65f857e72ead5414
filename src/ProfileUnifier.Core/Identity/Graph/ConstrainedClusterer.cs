namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>
/// Clusters one connected component of identifiers under the rule "at most one identifier per exclusive
/// key per cluster" (one crm_contact_id, one user_id and one work email per company domain per person;
/// one CRM account and one INN per company). Links are taken strongest first (by the kinds they join, then by a fixed key order);
/// a link that would join two different exclusive ids marks its weaker end ambiguous ("shared": it is
/// left out) and the component is clustered again, until no link is refused. The result is the connected
/// components of what is left, and depends only on the set of links, never on their arrival order.
/// </summary>
internal sealed class ConstrainedClusterer
{
    private int[] _parent = new int[64];
    private List<(int Key, int Node)>?[] _slots = new List<(int, int)>?[64];

    /// <param name="strength">How strong each node's kind is (higher binds first; the lower end of a refused link is dropped).</param>
    /// <param name="exclusive">The node's exclusive key (two nodes with one key never share a cluster), 0 for none.</param>
    /// <param name="rank">Position of each node in the (kind, value) order: the tie-break.</param>
    /// <param name="edges">Links between local node indexes.</param>
    /// <param name="banned">Out: nodes left out as ambiguous.</param>
    /// <returns>The root of each node's cluster, -1 for banned nodes.</returns>
    public int[] Cluster(int[] strength, int[] exclusive, int[] rank, List<(int U, int V)> edges, bool[] banned)
    {
        var n = strength.Length;
        edges.Sort((a, b) =>
        {
            var byStrength = PairStrength(strength, b).CompareTo(PairStrength(strength, a));
            if (byStrength != 0)
            {
                return byStrength;
            }

            var byLow = Math.Min(rank[a.U], rank[a.V]).CompareTo(Math.Min(rank[b.U], rank[b.V]));
            return byLow != 0 ? byLow : Math.Max(rank[a.U], rank[a.V]).CompareTo(Math.Max(rank[b.U], rank[b.V]));
        });

        if (_parent.Length < n)
        {
            _parent = new int[n * 2];
            _slots = new List<(int, int)>?[n * 2];
        }

        while (true)
        {
            for (var i = 0; i < n; i++)
            {
                _parent[i] = i;
                _slots[i] = exclusive[i] == 0 ? null : [(exclusive[i], i)];
            }

            var refused = false;
            foreach (var (u, v) in edges)
            {
                if (banned[u] || banned[v])
                {
                    continue;
                }

                var ru = Find(u);
                var rv = Find(v);
                if (ru == rv)
                {
                    continue;
                }

                if (Clash(_slots[ru], _slots[rv]))
                {
                    banned[Weaker(u, v, strength, rank)] = true;
                    refused = true;
                    break;
                }

                // Keep the larger list at the root, so merging costs the smaller side only.
                if ((_slots[ru]?.Count ?? 0) < (_slots[rv]?.Count ?? 0))
                {
                    (ru, rv) = (rv, ru);
                }

                _parent[rv] = ru;
                if (_slots[rv] is { } moved)
                {
                    (_slots[ru] ??= []).AddRange(moved);
                }
            }

            if (!refused)
            {
                break;
            }
        }

        var roots = new int[n];
        for (var i = 0; i < n; i++)
        {
            roots[i] = banned[i] ? -1 : Find(i);
        }

        return roots;
    }

    private static int PairStrength(int[] strength, (int U, int V) edge) =>
        (Math.Max(strength[edge.U], strength[edge.V]) * 16) + Math.Min(strength[edge.U], strength[edge.V]);

    private static bool Clash(List<(int Key, int Node)>? a, List<(int Key, int Node)>? b)
    {
        if (a is null || b is null)
        {
            return false;
        }

        foreach (var (key, node) in b)
        {
            foreach (var (otherKey, otherNode) in a)
            {
                if (key == otherKey && node != otherNode)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static int Weaker(int u, int v, int[] strength, int[] rank) =>
        strength[u] != strength[v] ? (strength[u] < strength[v] ? u : v) : (rank[u] > rank[v] ? u : v);

    private int Find(int i)
    {
        while (_parent[i] != i)
        {
            _parent[i] = _parent[_parent[i]];
            i = _parent[i];
        }

        return _parent[i];
    }
}
