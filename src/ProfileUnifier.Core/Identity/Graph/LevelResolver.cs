using ProfileUnifier.Core.Identity.Overrides;

namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>
/// Keeps one level's clusters (people or companies) equal to what clustering all events at once would
/// give: every component touched since the last call is re-clustered from its signatures, the clusters
/// get ids from their anchors, and the differences are logged as merges and splits. What new signatures only grow
/// (see <see cref="ClusterExtender"/>) is grown in place instead: the same result, at the cost of what changed.
/// </summary>
/// <param name="reclusterWhole">Re-cluster every touched component whole, growing nothing in place: the reference the tests compare with.</param>
internal sealed class LevelResolver(NodeTable nodes, SignatureTable signatures, LevelPolicy policy, OverrideLinks overrides,
    bool reclusterWhole = false)
{
    private static readonly bool[] NoneBanned = [false];

    private readonly ConstrainedClusterer _clusterer = new();

    // Reused by Component: a resolve walks thousands of small components, and their lists and sets were most of its garbage.
    private readonly List<int> _componentNodes = [];
    private readonly List<int> _componentSignatures = [];
    private readonly Queue<int> _queue = new();

    /// <summary>The walk a signature was last seen in (see <see cref="_walk"/>): a set per walk without clearing one.</summary>
    private int[] _signatureWalk = [];
    private int _walk;
    private ClusterExtender? _extender;

    public ClusterSet Clusters { get; } = new(nodes, policy.Prefix, policy.Level == IdentityLevel.Profile);

    /// <summary>Connected components as last clustered (ids and anchors unused).</summary>
    private readonly ClusterSet _components = new();

    public LevelPolicy Policy => policy;

    private ClusterExtender Extender => _extender ??= new ClusterExtender(nodes, signatures, policy, Clusters, _components);

    public void Save(BinaryWriter writer)
    {
        Clusters.Save(writer);
        _components.Save(writer);
    }

    public void Load(BinaryReader reader)
    {
        Clusters.Load(reader, (anchor, members) => new ClusterInfo(anchor, members));
        _components.Load(reader, (_, members) => new ClusterInfo(-1, members));
    }

    /// <returns>Nodes whose conflict-shared state changed (phones among them matter to the account level).</returns>
    public List<int> Resolve(BatchContext batch, List<IdentityChange>? log)
    {
        var changedShared = new List<int>();
        var dirty = policy.DirtyList(batch);
        foreach (var node in dirty)
        {
            nodes.Flags[node] &= ~policy.Dirty;
        }

        // A change of the overrides is logged as such and may re-link anything: what it touched is re-clustered whole.
        var left = reclusterWhole || batch.OverrideRules.Count > 0 ? dirty : Extender.Extend(dirty, batch, IsBetterAnchor, NewCluster);
        var oldComponents = new HashSet<int>();
        var seeds = CollectSeeds(left, oldComponents);
        dirty.Clear();
        if (seeds.Count == 0)
        {
            return changedShared;
        }

        var cluster = policy.ClusterColumn(nodes);
        var componentOf = policy.ComponentColumn(nodes);
        var newComponents = new List<int[]>();
        var visited = new HashSet<int>();
        var oldClusters = new HashSet<int>();
        var groups = new List<int[]>();
        var groupNewSignatures = new List<List<int>>();
        foreach (var seed in seeds)
        {
            if (cluster[seed] >= 0)
            {
                oldClusters.Add(cluster[seed]);
            }

            if (!policy.IsMember(nodes, seed))
            {
                ClearConflict(seed, changedShared);
                continue;
            }

            if (visited.Add(seed))
            {
                var (component, componentSignatures) = Component(seed, visited, oldClusters, oldComponents);
                var before = groups.Count;
                ClusterComponent(component, componentSignatures, batch, groups, groupNewSignatures, changedShared);
                // Most components are one cluster: share its members array rather than keep a copy.
                newComponents.Add(groups.Count == before + 1 && groups[^1].Length == component.Count ? groups[^1] : [.. component]);
            }
        }

        var fresh = groups.Select(members => NewCluster(members)).ToList();
        if (log is not null)
        {
            LogDifferences(oldClusters, fresh, groupNewSignatures, batch, log);
        }

        foreach (var old in oldClusters)
        {
            foreach (var member in Clusters[old].Members)
            {
                cluster[member] = -1;
            }

            Clusters.Remove(old);
        }

        foreach (var info in fresh)
        {
            var index = Clusters.Add(info);
            foreach (var member in info.Members)
            {
                cluster[member] = index;
            }
        }

        foreach (var old in oldComponents)
        {
            foreach (var member in _components[old].Members)
            {
                componentOf[member] = -1;
            }

            _components.Remove(old);
        }

        foreach (var members in newComponents)
        {
            var index = _components.Add(new ClusterInfo(-1, members));
            foreach (var member in members)
            {
                componentOf[member] = index;
            }
        }

        return changedShared;
    }

    /// <summary>The dirty nodes and every node of the components they were in.</summary>
    private List<int> CollectSeeds(List<int> dirty, HashSet<int> oldComponents)
    {
        var componentOf = policy.ComponentColumn(nodes);
        var seen = new HashSet<int>();
        var seeds = new List<int>();
        foreach (var node in dirty)
        {
            if (seen.Add(node))
            {
                seeds.Add(node);
            }

            if (componentOf[node] >= 0 && oldComponents.Add(componentOf[node]))
            {
                foreach (var member in _components[componentOf[node]].Members)
                {
                    if (seen.Add(member))
                    {
                        seeds.Add(member);
                    }
                }
            }
        }

        return seeds;
    }

    /// <returns>Lists reused by the next call.</returns>
    private (List<int> Nodes, List<int> Signatures) Component(int seed, HashSet<int> visited, HashSet<int> oldClusters,
        HashSet<int> oldComponents)
    {
        var cluster = policy.ClusterColumn(nodes);
        var componentOf = policy.ComponentColumn(nodes);
        var component = _componentNodes;
        var componentSignatures = _componentSignatures;
        var queue = _queue;
        component.Clear();
        componentSignatures.Clear();
        queue.Clear();
        NextWalk();
        queue.Enqueue(seed);
        while (queue.TryDequeue(out var node))
        {
            component.Add(node);
            if (cluster[node] >= 0)
            {
                oldClusters.Add(cluster[node]);
            }

            if (componentOf[node] >= 0)
            {
                oldComponents.Add(componentOf[node]);
            }

            for (var link = nodes.SigHead[node]; link >= 0; link = signatures.IncidenceNext(link))
            {
                var sig = signatures.IncidenceSig(link);
                if (_signatureWalk[sig] == _walk)
                {
                    continue;
                }

                _signatureWalk[sig] = _walk;
                componentSignatures.Add(sig);
                for (var i = 0; i < signatures.EntryCount[sig]; i++)
                {
                    var other = signatures.Entry(sig, i) >> 1;
                    if (policy.IsMember(nodes, other) && visited.Add(other))
                    {
                        queue.Enqueue(other);
                    }
                }
            }

            if (policy.Level == IdentityLevel.Profile)
            {
                foreach (var (partner, rule) in overrides.Partners(node))
                {
                    if (rule.Kind == OverrideKind.MustLink && policy.IsMember(nodes, partner) && visited.Add(partner))
                    {
                        queue.Enqueue(partner);
                    }
                }
            }
        }

        return (component, componentSignatures);
    }

    private void NextWalk()
    {
        if (_signatureWalk.Length < signatures.Count)
        {
            Array.Resize(ref _signatureWalk, Math.Max(signatures.Count, _signatureWalk.Length * 2));
        }

        if (++_walk == int.MaxValue)
        {
            Array.Clear(_signatureWalk);
            _walk = 1;
        }
    }

    private void ClusterComponent(List<int> component, List<int> componentSignatures, BatchContext batch,
        List<int[]> groups, List<List<int>> groupNewSignatures, List<int> changedShared)
    {
        var n = component.Count;
        if (n == 1)
        {
            // Most components are one identifier: nothing to link, nothing to refuse; every signature is its own.
            UpdateShared(component, NoneBanned, false, componentSignatures, batch, changedShared);
            groups.Add([component[0]]);
            var own = new List<int>();
            foreach (var sig in componentSignatures)
            {
                if (batch.IsNewSignature(sig))
                {
                    own.Add(sig);
                }
            }

            groupNewSignatures.Add(own);
            return;
        }

        var banned = new bool[n];
        var graph = new ComponentGraph(component, componentSignatures, nodes, signatures, policy, overrides);
        var (roots, contested) = _clusterer.Cluster(graph, banned);
        var local = graph.Local;
        UpdateShared(component, banned, contested, componentSignatures, batch, changedShared);

        var byRoot = new Dictionary<int, List<int>>();
        for (var i = 0; i < n; i++)
        {
            if (roots[i] >= 0)
            {
                if (!byRoot.TryGetValue(roots[i], out var list))
                {
                    byRoot[roots[i]] = list = [];
                }

                list.Add(component[i]);
            }
        }

        var groupOfRoot = new Dictionary<int, int>();
        foreach (var (root, list) in byRoot)
        {
            groupOfRoot[root] = groups.Count;
            groups.Add([.. list]);
            groupNewSignatures.Add([]);
        }

        foreach (var sig in componentSignatures)
        {
            if (!batch.IsNewSignature(sig))
            {
                continue;
            }

            for (var i = 0; i < signatures.EntryCount[sig]; i++)
            {
                if (local.TryGetValue(signatures.Entry(sig, i) >> 1, out var m) && roots[m] >= 0)
                {
                    groupNewSignatures[groupOfRoot[roots[m]]].Add(sig);
                    break;
                }
            }
        }
    }

    /// <summary>Records which nodes the clustering left out (shared by conflict) and which components evidence decided.</summary>
    private void UpdateShared(List<int> component, bool[] banned, bool contested, List<int> componentSignatures, BatchContext batch,
        List<int> changedShared)
    {
        MarkContested(component, contested, componentSignatures);

        var trigger = EarliestNew(componentSignatures, batch);
        var notes = policy.SharedNotes(nodes);
        for (var i = 0; i < component.Count; i++)
        {
            var node = component[i];
            var was = (nodes.Flags[node] & policy.ConflictShared) != 0;
            if (was == banned[i])
            {
                continue;
            }

            changedShared.Add(node);
            if (banned[i])
            {
                nodes.Flags[node] |= policy.ConflictShared;
                var what = policy.Level == IdentityLevel.Profile ? "people with different crm_contact_id, user_id or work email" : "companies with different CRM account or INN";
                notes[node] = new SharedNote($"links {what}", trigger?.EventId, trigger?.Ticks ?? 0);
            }
            else
            {
                nodes.Flags[node] &= ~policy.ConflictShared;
                notes.Remove(node);
            }
        }
    }

    /// <summary>
    /// Keeps the signatures' contested levels (SignatureTable.ContestedLevels) right for the component: set while evidence
    /// decides it. The nodes remember it (a flag), so a component that was never contested costs no lookup per signature.
    /// </summary>
    private void MarkContested(List<int> component, bool contested, List<int> componentSignatures)
    {
        var was = false;
        foreach (var node in component)
        {
            was |= (nodes.Flags[node] & policy.ContestedNode) != 0;
        }

        if (!was && !contested)
        {
            return;
        }

        foreach (var node in component)
        {
            nodes.Flags[node] = contested ? nodes.Flags[node] | policy.ContestedNode : nodes.Flags[node] & ~policy.ContestedNode;
        }

        foreach (var sig in componentSignatures)
        {
            var levels = signatures.ContestedLevels(sig);
            signatures.SetContested(sig, (byte)(contested ? levels | policy.Contested : levels & ~policy.Contested));
        }
    }

    /// <summary>
    /// Clusters a node's component again without changing anything, and says what was refused or left out and
    /// why: for <c>explain</c>.
    /// </summary>
    public (ComponentGraph Graph, List<Clash> Clashes) Diagnose(int node)
    {
        var visited = new HashSet<int> { node };
        var (component, componentSignatures) = Component(node, visited, [], []);
        // The graph keeps its node list, and Component's lists are reused: a copy.
        var graph = new ComponentGraph([.. component], componentSignatures, nodes, signatures, policy, overrides);
        var clashes = new List<Clash>();
        new ConstrainedClusterer().Cluster(graph, new bool[graph.Count], clashes);
        return (graph, clashes);
    }

    private void ClearConflict(int node, List<int> changedShared)
    {
        if ((nodes.Flags[node] & policy.ConflictShared) != 0)
        {
            nodes.Flags[node] &= ~policy.ConflictShared;
            changedShared.Add(node);
        }
    }

    /// <summary>
    /// The anchor is the member seen first (then the strongest kind, then the smallest value): adding later
    /// events never moves it, and a merge keeps the id of the cluster that was seen first.
    /// </summary>
    private ClusterInfo NewCluster(int[] members)
    {
        var anchor = members[0];
        foreach (var m in members)
        {
            if (IsBetterAnchor(m, anchor))
            {
                anchor = m;
            }
        }

        return new ClusterInfo(anchor, members);
    }

    private bool IsBetterAnchor(int candidate, int current)
    {
        var byTime = nodes.FirstSeen[candidate].CompareTo(nodes.FirstSeen[current]);
        if (byTime != 0)
        {
            return byTime < 0;
        }

        var byStrength = nodes.Kind[candidate].Strength().CompareTo(nodes.Kind[current].Strength());
        return byStrength != 0 ? byStrength > 0 : nodes.CompareKeys(candidate, current) < 0;
    }

    private (string EventId, long Ticks)? EarliestNew(IEnumerable<int> sigs, BatchContext batch)
    {
        (string EventId, long Ticks)? best = null;
        foreach (var sig in sigs)
        {
            if (batch.TryGetNewSignature(sig, out var seen) && (best is null || Earlier(seen, best.Value)))
            {
                best = seen;
            }
        }

        return best;
    }

    private void LogDifferences(HashSet<int> oldClusters, List<ClusterInfo> fresh, List<List<int>> groupNewSignatures,
        BatchContext batch, List<IdentityChange> log)
    {
        var cluster = policy.ClusterColumn(nodes);
        var newOf = new Dictionary<int, int>();
        for (var g = 0; g < fresh.Count; g++)
        {
            foreach (var m in fresh[g].Members)
            {
                newOf[m] = g;
            }
        }

        var targets = new Dictionary<int, HashSet<int>>();
        foreach (var old in oldClusters)
        {
            var set = new HashSet<int>();
            foreach (var m in Clusters[old].Members)
            {
                if (newOf.TryGetValue(m, out var g))
                {
                    set.Add(g);
                }
            }

            targets[old] = set;
        }

        foreach (var old in oldClusters.OrderBy(o => Clusters.IdOf(o), StringComparer.Ordinal))
        {
            var info = Clusters[old];
            if (!policy.IsLogged(nodes, info))
            {
                continue;
            }

            var into = targets[old];
            if (into.Count == 1)
            {
                var g = into.First();
                if (Clusters.IdOf(fresh[g]) != Clusters.IdOf(info))
                {
                    var (eventId, ticks, reason) = MergeCause(old, fresh[g], groupNewSignatures[g], batch, cluster);
                    log.Add(new IdentityChange(ChangeKind.Merge, policy.Level, Clusters.IdOf(info), Clusters.IdOf(fresh[g]), eventId, At(ticks),
                        OverrideReason(batch, reason, info, fresh[g])));
                }

                continue;
            }

            var (splitEvent, splitTicks, splitReason) = SplitCause(info);
            splitReason = OverrideReason(batch, splitReason, info, null);
            if (into.Count == 0)
            {
                log.Add(new IdentityChange(ChangeKind.Split, policy.Level, Clusters.IdOf(info), null, splitEvent, At(splitTicks), splitReason));
            }

            foreach (var g in into.OrderBy(g => Clusters.IdOf(fresh[g]), StringComparer.Ordinal))
            {
                if (Clusters.IdOf(fresh[g]) != Clusters.IdOf(info) && policy.IsLogged(nodes, fresh[g]))
                {
                    log.Add(new IdentityChange(ChangeKind.Split, policy.Level, Clusters.IdOf(info), Clusters.IdOf(fresh[g]), splitEvent, At(splitTicks), splitReason));
                }
            }
        }
    }

    /// <summary>
    /// A change made by a change of the overrides (no event caused it) says so, and names the rules about
    /// identifiers of the profile: "override: must_link email:… and crm_contact_id:…".
    /// </summary>
    private string OverrideReason(BatchContext batch, string reason, ClusterInfo old, ClusterInfo? fresh)
    {
        if (batch.OverrideRules.Count == 0)
        {
            return reason;
        }

        var members = new HashSet<(IdentifierKind, string)>(old.Members.Select(m => (nodes.Kind[m], nodes.Value[m])));
        members.UnionWith(fresh?.Members.Select(m => (nodes.Kind[m], nodes.Value[m])) ?? []);
        var rules = batch.OverrideRules
            .Where(r => members.Contains((r.A.Kind, r.A.Value)) || (r.B is { } b && members.Contains((b.Kind, b.Value))))
            .Select(r => r.ToString())
            .ToList();
        return rules.Count == 0 ? $"override: {reason}" : $"override: {string.Join("; ", rules)}";
    }

    private (string? EventId, long Ticks, string Reason) MergeCause(int oldIndex, ClusterInfo merged, List<int> newSignatures,
        BatchContext batch, Column<int> cluster)
    {
        var old = Clusters[oldIndex];
        if (!merged.Members.Contains(old.Anchor))
        {
            var first = EarliestNew(newSignatures, batch);
            return (first?.EventId, first?.Ticks ?? 0, $"anchor {nodes.Describe(old.Anchor)} left the cluster");
        }

        if (cluster[merged.Anchor] == oldIndex && merged.Anchor != old.Anchor)
        {
            var earlier = batch.EarlierSightings.TryGetValue(merged.Anchor, out var e) ? e : EarliestNew(newSignatures, batch);
            return (earlier?.EventId, earlier?.Ticks ?? 0, $"re-anchored on {nodes.Describe(merged.Anchor)}, seen earlier");
        }

        // The triggering event: a new signature that itself joins two clusters if there is one, else the earliest.
        var best = -1;
        var bestIsBridge = false;
        foreach (var sig in newSignatures)
        {
            var isBridge = OldClustersIn(sig, cluster) >= 2;
            if (best < 0 || (isBridge && !bestIsBridge) || (isBridge == bestIsBridge && Earlier(batch.FirstOf(sig), batch.FirstOf(best))))
            {
                (best, bestIsBridge) = (sig, isBridge);
            }
        }

        if (best < 0)
        {
            return (null, 0, "re-clustered");
        }

        var kinds = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < signatures.EntryCount[best]; i++)
        {
            var m = signatures.Entry(best, i) >> 1;
            if (policy.IsMember(nodes, m))
            {
                kinds.Add(nodes.Kind[m].WireName());
            }
        }

        var trigger = batch.FirstOf(best);
        return (trigger.EventId, trigger.Ticks, $"linked by {string.Join('+', kinds)}");
    }

    private int OldClustersIn(int sig, Column<int> cluster)
    {
        var first = -1;
        for (var i = 0; i < signatures.EntryCount[sig]; i++)
        {
            var m = signatures.Entry(sig, i) >> 1;
            var c = policy.IsMember(nodes, m) ? cluster[m] : -1;
            if (c < 0)
            {
                continue;
            }

            if (first < 0)
            {
                first = c;
            }
            else if (c != first)
            {
                return 2;
            }
        }

        return first < 0 ? 0 : 1;
    }

    private static bool Earlier((string EventId, long Ticks) a, (string EventId, long Ticks) b) =>
        a.Ticks < b.Ticks || (a.Ticks == b.Ticks && string.CompareOrdinal(a.EventId, b.EventId) < 0);

    private (string? EventId, long Ticks, string Reason) SplitCause(ClusterInfo old)
    {
        var notes = policy.SharedNotes(nodes);
        foreach (var m in old.Members.OrderBy(m => m, Comparer<int>.Create(nodes.CompareKeys)))
        {
            if (notes.TryGetValue(m, out var note) && (!policy.IsMember(nodes, m) || (nodes.Flags[m] & policy.ConflictShared) != 0))
            {
                return (note.EventId, note.Ticks, $"{nodes.Describe(m)} is shared: {note.Reason}");
            }
        }

        return (null, 0, "re-clustered");
    }

    private static DateTimeOffset? At(long ticks) => ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
}
