namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>
/// The cheap part of a level's resolve. A component clustered without a clash is the connected components of its
/// links, whatever their order; so when new signatures only grow such a component (new identifiers that join one
/// of its clusters or make clusters of their own, with exclusive keys none of them holds yet; links inside a
/// cluster; an identifier seen earlier that does not become an anchor), the clusters only grow: anchors and ids
/// stay, nothing is logged, and re-clustering the component from all its signatures (a company: every signature of
/// its people) would give the same. Anything else is left to that re-clustering: two clusters or components joined,
/// a key held twice, a new anchor, an identifier leaving the level, a component evidence decided, override pairs,
/// a component made only of new identifiers (cheap there).
/// </summary>
internal sealed class ClusterExtender(NodeTable nodes, SignatureTable signatures, LevelPolicy policy, ClusterSet clusters,
    ClusterSet components)
{
    private const int None = -1, Several = -2;

    /// <summary>Groups of what the batch touched, joined by co-occurring in a signature: keys are new members' nodes and ~old component.</summary>
    private readonly UnionFind _groups = new();

    /// <summary>Within the groups that may grow: what the new signatures link; keys are new members' nodes and ~old cluster.</summary>
    private readonly UnionFind _joins = new();

    private readonly List<int> _newMembers = [];
    private readonly List<int> _examined = [];
    private readonly List<int> _slowElements = [];
    private readonly List<(int Component, int Element)> _componentElements = [];
    private readonly List<(int Cluster, int Element, int Group)> _clusterElements = [];
    private readonly Dictionary<int, int> _componentOfGroup = [];
    private readonly HashSet<int> _slowGroups = [];
    private readonly Dictionary<int, (int Cluster, List<int> Nodes, int Group)> _joined = [];
    private readonly Dictionary<int, List<int>> _grownComponents = [];
    private readonly Dictionary<string, int> _domainKeys = new(StringComparer.Ordinal);
    private readonly HashSet<int> _keys = [];

    /// <summary>
    /// Grows the clusters and components that can only grow; returns the dirty nodes left to re-cluster (in their order).
    /// </summary>
    public List<int> Extend(List<int> dirty, BatchContext batch, Func<int, int, bool> isBetterAnchor, Func<int[], ClusterInfo> newCluster)
    {
        Reset();
        Classify(dirty, batch, isBetterAnchor);
        foreach (var (sig, _) in batch.NewSignatures)
        {
            Group(sig);
        }

        // A node that just became a member (an office phone) brings the signatures it was in before.
        foreach (var node in _newMembers)
        {
            for (var link = nodes.SigHead[node]; link >= 0; link = signatures.IncidenceNext(link))
            {
                if (!batch.IsNewSignature(signatures.IncidenceSig(link)))
                {
                    Group(signatures.IncidenceSig(link));
                }
            }
        }

        DecideGroups();
        Join();
        CheckJoins(isBetterAnchor);

        var left = new List<int>();
        var componentOf = policy.ComponentColumn(nodes);
        foreach (var node in dirty)
        {
            var key = componentOf[node] >= 0 ? ~componentOf[node] : node;
            if (!_groups.TryGet(key, out var element) || _slowGroups.Contains(_groups.Find(element)))
            {
                left.Add(node);
            }
        }

        Grow(newCluster);
        return left;
    }

    private void Reset()
    {
        _groups.Clear();
        _joins.Clear();
        _newMembers.Clear();
        _examined.Clear();
        _slowElements.Clear();
        _componentElements.Clear();
        _clusterElements.Clear();
        _componentOfGroup.Clear();
        _slowGroups.Clear();
        _joined.Clear();
        _grownComponents.Clear();
        _domainKeys.Clear();
    }

    /// <summary>Gives each dirty member an element; marks those whose change is more than new signatures.</summary>
    private void Classify(List<int> dirty, BatchContext batch, Func<int, int, bool> isBetterAnchor)
    {
        var componentOf = policy.ComponentColumn(nodes);
        var unsettled = policy.ContestedNode | policy.ConflictShared | NodeFlags.InOverridePair;
        foreach (var node in dirty)
        {
            if (!policy.IsMember(nodes, node))
            {
                // Left the level: its component is re-clustered. Never a member: the re-clustering only clears its flag.
                if (componentOf[node] >= 0)
                {
                    _slowElements.Add(ComponentElement(componentOf[node]));
                }

                continue;
            }

            var element = ElementOf(node, out var created);
            if (created)
            {
                _newMembers.Add(node);
            }

            if ((nodes.Flags[node] & unsettled) != 0 || (batch.EarlierSightings.ContainsKey(node) && MayReanchor(node, isBetterAnchor)))
            {
                _slowElements.Add(element);
            }
        }
    }

    /// <summary>Whether an old member seen earlier than known may now anchor its cluster (else the anchor, the id, stay).</summary>
    private bool MayReanchor(int node, Func<int, int, bool> isBetterAnchor)
    {
        var cluster = policy.ClusterColumn(nodes)[node];
        if (cluster < 0)
        {
            return true;
        }

        var anchor = clusters[cluster].Anchor;
        return node != anchor && isBetterAnchor(node, anchor);
    }

    /// <summary>A member's element: its old component's, or its own (<paramref name="created"/>: a member first met here, in no component).</summary>
    private int ElementOf(int node, out bool created)
    {
        var component = policy.ComponentColumn(nodes)[node];
        if (component >= 0)
        {
            created = false;
            return ComponentElement(component);
        }

        return _groups.Of(node, out created);
    }

    private int ComponentElement(int component)
    {
        var element = _groups.Of(~component, out var created);
        if (created)
        {
            _componentElements.Add((component, element));

            // The contested flag is set on every node of a component or none.
            if ((nodes.Flags[components[component].Members[0]] & policy.ContestedNode) != 0)
            {
                _slowElements.Add(element);
            }
        }

        return element;
    }

    /// <summary>Puts a signature's members in one group.</summary>
    private void Group(int sig)
    {
        var first = -1;
        var members = 0;
        for (var i = 0; i < signatures.EntryCount[sig]; i++)
        {
            var node = signatures.Entry(sig, i) >> 1;
            if (!policy.IsMember(nodes, node))
            {
                continue;
            }

            var element = ElementOf(node, out var created);
            if (created)
            {
                // A member nobody marked dirty: not a case this knows.
                _slowElements.Add(element);
            }

            members++;
            first = first < 0 ? element : _groups.Union(first, element);
        }

        if (members >= 2)
        {
            _examined.Add(sig);
        }
    }

    /// <summary>A group may grow when it holds exactly one old component and nothing marked it.</summary>
    private void DecideGroups()
    {
        foreach (var element in _slowElements)
        {
            _slowGroups.Add(_groups.Find(element));
        }

        foreach (var (component, element) in _componentElements)
        {
            var group = _groups.Find(element);
            _componentOfGroup[group] = _componentOfGroup.ContainsKey(group) ? Several : component;
        }

        foreach (var node in _newMembers)
        {
            var group = _groups.Find(_groups.Of(node, out _));
            if (!_componentOfGroup.TryGetValue(group, out var component) || component == Several)
            {
                _slowGroups.Add(group);
            }
        }

        foreach (var (group, component) in _componentOfGroup)
        {
            if (component == Several)
            {
                _slowGroups.Add(group);
            }
        }
    }

    /// <summary>Takes the links of the examined signatures in the groups that may grow, as ConstrainedClusterer would.</summary>
    private void Join()
    {
        var componentOf = policy.ComponentColumn(nodes);
        foreach (var sig in _examined)
        {
            // Every member of the signature is in one group: the first one's says which.
            var hub = -1;
            var group = -1;
            for (var i = 0; i < signatures.EntryCount[sig] && hub < 0; i++)
            {
                var entry = signatures.Entry(sig, i);
                var node = entry >> 1;
                if (!policy.IsMember(nodes, node))
                {
                    continue;
                }

                group = group >= 0 ? group : _groups.Find(_groups.Of(componentOf[node] >= 0 ? ~componentOf[node] : node, out _));
                // Company keys link through what an account block states (see ComponentGraph): all to a stated one, or none.
                if (policy.Level == IdentityLevel.Profile || signatures.IsStatedEntry(entry, nodes))
                {
                    hub = JoinElement(node, group);
                }
            }

            if (hub < 0 || _slowGroups.Contains(group))
            {
                continue;
            }

            for (var i = 0; i < signatures.EntryCount[sig]; i++)
            {
                var node = signatures.Entry(sig, i) >> 1;
                if (policy.IsMember(nodes, node))
                {
                    _joins.Union(hub, JoinElement(node, group));
                }
            }
        }

        foreach (var node in _newMembers)
        {
            JoinElement(node, _groups.Find(_groups.Of(node, out _)));
        }
    }

    private int JoinElement(int node, int group)
    {
        var componentOf = policy.ComponentColumn(nodes);
        if (componentOf[node] < 0)
        {
            return _joins.Of(node, out _);
        }

        var cluster = policy.ClusterColumn(nodes)[node];
        if (cluster < 0)
        {
            // Left out by a conflict: not in an uncontested component, but be sure.
            _slowGroups.Add(group);
            return _joins.Of(node, out _);
        }

        var element = _joins.Of(~cluster, out var created);
        if (created)
        {
            _clusterElements.Add((cluster, element, group));
        }

        return element;
    }

    /// <summary>
    /// Each joined set may hold one old cluster or none, and new members whose exclusive keys differ from each other's
    /// and the cluster's, none of which would anchor the cluster; else its group is re-clustered.
    /// </summary>
    private void CheckJoins(Func<int, int, bool> isBetterAnchor)
    {
        foreach (var (cluster, element, group) in _clusterElements)
        {
            var root = _joins.Find(element);
            _joined[root] = _joined.TryGetValue(root, out var set) ? (Several, set.Nodes, group) : (cluster, [], group);
        }

        foreach (var node in _newMembers)
        {
            var root = _joins.Find(_joins.Of(node, out _));
            if (!_joined.TryGetValue(root, out var set))
            {
                _joined[root] = set = (None, [], _groups.Find(_groups.Of(node, out _)));
            }

            set.Nodes.Add(node);
        }

        foreach (var (_, (cluster, members, group)) in _joined)
        {
            if (!_slowGroups.Contains(group) && !CanGrow(cluster, members, isBetterAnchor))
            {
                _slowGroups.Add(group);
            }
        }
    }

    private bool CanGrow(int cluster, List<int> members, Func<int, int, bool> isBetterAnchor)
    {
        if (cluster == Several)
        {
            return false;
        }

        _keys.Clear();
        foreach (var node in members)
        {
            if ((cluster >= 0 && isBetterAnchor(node, clusters[cluster].Anchor)) ||
                (policy.ExclusiveKey(nodes, node, _domainKeys) is var key and > 0 && !_keys.Add(key)))
            {
                return false;
            }
        }

        // New keys must be keys the cluster does not hold (two of one key would clash, or need the owners to tell).
        if (cluster >= 0 && _keys.Count > 0)
        {
            foreach (var node in clusters[cluster].Members)
            {
                if (_keys.Contains(policy.ExclusiveKey(nodes, node, _domainKeys)))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Writes the grown clusters and components, and the new members' own clusters.</summary>
    private void Grow(Func<int[], ClusterInfo> newCluster)
    {
        var clusterOf = policy.ClusterColumn(nodes);
        var componentOf = policy.ComponentColumn(nodes);
        foreach (var node in _newMembers)
        {
            var group = _groups.Find(_groups.Of(node, out _));
            if (_slowGroups.Contains(group))
            {
                continue;
            }

            var component = _componentOfGroup[group];
            if (!_grownComponents.TryGetValue(component, out var added))
            {
                _grownComponents[component] = added = [];
            }

            added.Add(node);
        }

        foreach (var (_, (old, members, group)) in _joined)
        {
            if (members.Count == 0 || _slowGroups.Contains(group))
            {
                continue;
            }

            var cluster = old;
            if (old >= 0)
            {
                var grown = clusters[old];
                clusters.Replace(old, new ClusterInfo(grown.Anchor, [.. grown.Members, .. members]));
            }
            else
            {
                cluster = clusters.Add(newCluster([.. members]));
            }

            foreach (var node in members)
            {
                clusterOf[node] = cluster;
            }
        }

        foreach (var (component, added) in _grownComponents)
        {
            var old = components[component].Members;
            int[] grown = [.. old, .. added];

            // A component that is one cluster shares that cluster's members (as LevelResolver keeps them).
            var single = clusterOf[old[0]];
            if (single >= 0 && clusters[single].Members.Length == grown.Length)
            {
                grown = clusters[single].Members;
            }

            components.Replace(component, new ClusterInfo(-1, grown));
            foreach (var node in added)
            {
                componentOf[node] = component;
            }
        }
    }

    /// <summary>Union-find over keys met in one call; elements are numbered as met.</summary>
    private sealed class UnionFind
    {
        private readonly Dictionary<int, int> _elements = [];
        private readonly List<int> _parent = [];

        public void Clear()
        {
            _elements.Clear();
            _parent.Clear();
        }

        public bool TryGet(int key, out int element) => _elements.TryGetValue(key, out element);

        public int Of(int key, out bool created)
        {
            created = !_elements.TryGetValue(key, out var element);
            if (created)
            {
                element = _parent.Count;
                _elements[key] = element;
                _parent.Add(element);
            }

            return element;
        }

        public int Find(int element)
        {
            while (_parent[element] != element)
            {
                _parent[element] = _parent[_parent[element]];
                element = _parent[element];
            }

            return element;
        }

        /// <returns>The root of the union.</returns>
        public int Union(int a, int b)
        {
            var (ra, rb) = (Find(a), Find(b));
            if (ra != rb)
            {
                _parent[rb] = ra;
            }

            return ra;
        }
    }
}
