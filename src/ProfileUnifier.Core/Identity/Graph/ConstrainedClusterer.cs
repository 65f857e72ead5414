namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>A refused link or an identifier left out, and the two key holders it would have joined.</summary>
internal readonly record struct Clash(Link Edge, int Key, int Holder, int Other, int Banned);

/// <summary>
/// Clusters one connected component of identifiers under the rule "at most one identifier per exclusive key
/// per cluster" (one crm_contact_id, one user_id and one work email per company domain per person; one CRM
/// account and one INN per company; the overrides' never-together pairs). Links are taken strongest first: by
/// the kinds they join, then by evidence (the events of their less-seen end, then of the other), then by a
/// fixed key order. A link that would join two holders of one key leaves its weaker end out (it is "shared")
/// and the component is clustered again, until no such link is left; except that a link is only refused
/// (nothing marked shared) for a never-together pair, and for two work addresses at one domain when the one
/// with less evidence is an end of the link and was never seen without the other end (a typo beside the
/// person's own cookie). The result is the connected components of the links taken, and depends only on the
/// set of links and the evidence, never on arrival or spelling order.
/// </summary>
internal sealed class ConstrainedClusterer
{
    private int[] _parent = new int[64];
    private List<ExclusiveSlot>?[] _slots = new List<ExclusiveSlot>?[64];

    /// <param name="graph">The component.</param>
    /// <param name="banned">Out: nodes left out as ambiguous.</param>
    /// <param name="clashes">Out, when given: every ban and, of the last pass, every refused link.</param>
    /// <returns>The root of each node's cluster (-1 for banned nodes), and whether any link clashed.</returns>
    public (int[] Roots, bool Contested) Cluster(ComponentGraph graph, bool[] banned, List<Clash>? clashes = null)
    {
        var n = graph.Count;
        var edges = graph.Edges;
        edges.Sort((a, b) => Compare(graph, a, b));
        if (_parent.Length < n)
        {
            _parent = new int[n * 2];
            _slots = new List<ExclusiveSlot>?[n * 2];
        }

        var contested = false;
        var refusedFrom = clashes?.Count ?? 0;
        while (true)
        {
            for (var i = 0; i < n; i++)
            {
                _parent[i] = i;
                _slots[i] = graph.Keys[i] is { } keys ? [.. keys] : null;
            }

            clashes?.RemoveRange(refusedFrom, clashes.Count - refusedFrom);
            var restart = false;
            foreach (var edge in edges)
            {
                var (u, v) = (edge.U, edge.V);
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

                if (FindClash(graph, _slots[ru], _slots[rv]) is { } clash)
                {
                    contested = true;
                    if (IsRefused(graph, edge, clash))
                    {
                        clashes?.Add(new Clash(edge, clash.Key, clash.Holder, clash.Other, -1));
                        continue;
                    }

                    var weaker = Weaker(graph, u, v);
                    banned[weaker] = true;
                    clashes?.Insert(refusedFrom++, new Clash(edge, clash.Key, clash.Holder, clash.Other, weaker));
                    restart = true;
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

            if (!restart)
            {
                break;
            }
        }

        var roots = new int[n];
        for (var i = 0; i < n; i++)
        {
            roots[i] = banned[i] ? -1 : Find(i);
        }

        return (roots, contested);
    }

    private static int Compare(ComponentGraph g, Link a, Link b)
    {
        var byOverride = (b.Override is not null).CompareTo(a.Override is not null);
        if (byOverride != 0)
        {
            return byOverride;
        }

        var byStrength = PairStrength(g.Strength, b).CompareTo(PairStrength(g.Strength, a));
        if (byStrength != 0)
        {
            return byStrength;
        }

        var e = g.Evidence;
        var byEvidence = Math.Min(e[b.U], e[b.V]).CompareTo(Math.Min(e[a.U], e[a.V]));
        if (byEvidence != 0)
        {
            return byEvidence;
        }

        byEvidence = Math.Max(e[b.U], e[b.V]).CompareTo(Math.Max(e[a.U], e[a.V]));
        if (byEvidence != 0)
        {
            return byEvidence;
        }

        var rank = g.Rank;
        var byLow = Math.Min(rank[a.U], rank[a.V]).CompareTo(Math.Min(rank[b.U], rank[b.V]));
        return byLow != 0 ? byLow : Math.Max(rank[a.U], rank[a.V]).CompareTo(Math.Max(rank[b.U], rank[b.V]));
    }

    private static int PairStrength(int[] strength, Link edge) =>
        (Math.Max(strength[edge.U], strength[edge.V]) * 16) + Math.Min(strength[edge.U], strength[edge.V]);

    /// <summary>The clash of two clusters' keys with the smallest key (hard keys first), or null.</summary>
    private static (int Key, int Holder, int Other)? FindClash(ComponentGraph graph, List<ExclusiveSlot>? a, List<ExclusiveSlot>? b)
    {
        if (a is null || b is null)
        {
            return null;
        }

        (int Key, int Holder, int Other)? found = null;
        foreach (var mine in a)
        {
            foreach (var theirs in b)
            {
                if (mine.Key == theirs.Key && (found is null || mine.Key < found.Value.Key) && graph.Differ(mine, theirs))
                {
                    found = (mine.Key, mine.Node, theirs.Node);
                }
            }
        }

        return found;
    }

    /// <summary>
    /// Whether a clashing link is refused rather than its weaker end marked shared: always for a never-together
    /// pair; for two work addresses at one domain when the one with less evidence is an end of the link and was
    /// never seen without the other end (a typo typed beside the person's own cookie): it stays unlinked, and
    /// the cookie stays the person's. Two colleagues each with events of their own make the link shared instead.
    /// </summary>
    private static bool IsRefused(ComponentGraph g, Link edge, (int Key, int Holder, int Other) clash)
    {
        if (ComponentGraph.IsHardKey(clash.Key))
        {
            return false;
        }

        if (clash.Key >= ComponentGraph.FirstPairKey)
        {
            return true;
        }

        var less = Evidenced(g, clash.Holder, clash.Other) ? clash.Other : clash.Holder;
        var far = less == edge.U ? edge.V : less == edge.V ? edge.U : -1;
        return far >= 0 && g.AlwaysWith(less, far);
    }

    /// <summary>Whether <paramref name="a"/> has more evidence than <paramref name="b"/> (then the earlier key).</summary>
    private static bool Evidenced(ComponentGraph g, int a, int b) =>
        g.Evidence[a] != g.Evidence[b] ? g.Evidence[a] > g.Evidence[b] : g.Rank[a] < g.Rank[b];

    /// <summary>The end of a link to leave out: the weaker kind, then the one with less evidence, then the later key.</summary>
    private static int Weaker(ComponentGraph g, int u, int v)
    {
        if (g.Strength[u] != g.Strength[v])
        {
            return g.Strength[u] < g.Strength[v] ? u : v;
        }

        if (g.Evidence[u] != g.Evidence[v])
        {
            return g.Evidence[u] < g.Evidence[v] ? u : v;
        }

        return g.Rank[u] > g.Rank[v] ? u : v;
    }

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
