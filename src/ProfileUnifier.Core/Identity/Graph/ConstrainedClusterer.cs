namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>
/// Clusters one connected component of identifiers under the rule "at most one identifier of each
/// exclusive kind per cluster" (one crm_contact_id and one user_id per person; one CRM account and one
/// INN per company). Links are taken strongest first (by the kinds they join, then by a fixed key order);
/// a link that would join two different exclusive ids marks its weaker end ambiguous ("shared": it is
/// left out) and the component is clustered again, until no link is refused. The result is the connected
/// components of what is left, and depends only on the set of links, never on their arrival order.
/// </summary>
internal sealed class ConstrainedClusterer
{
    private int[] _parent = new int[64];
    private int[] _slot0 = new int[64];
    private int[] _slot1 = new int[64];

    /// <param name="strength">How strong each node's kind is (higher binds first; the lower end of a refused link is dropped).</param>
    /// <param name="exclusive">0 or 1 for the two exclusive kinds, -1 for the others.</param>
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
            _slot0 = new int[n * 2];
            _slot1 = new int[n * 2];
        }

        while (true)
        {
            for (var i = 0; i < n; i++)
            {
                _parent[i] = i;
                _slot0[i] = exclusive[i] == 0 ? i : -1;
                _slot1[i] = exclusive[i] == 1 ? i : -1;
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

                if (Clash(_slot0[ru], _slot0[rv]) || Clash(_slot1[ru], _slot1[rv]))
                {
                    banned[Weaker(u, v, strength, rank)] = true;
                    refused = true;
                    break;
                }

                _parent[rv] = ru;
                if (_slot0[ru] < 0)
                {
                    _slot0[ru] = _slot0[rv];
                }

                if (_slot1[ru] < 0)
                {
                    _slot1[ru] = _slot1[rv];
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

    private static bool Clash(int a, int b) => a >= 0 && b >= 0 && a != b;

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
