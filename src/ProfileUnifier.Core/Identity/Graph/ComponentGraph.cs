using ProfileUnifier.Core.Identity.Overrides;

namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>A link between two local nodes; override links (must link) are taken before any other.</summary>
internal readonly record struct Link(int U, int V, OverrideRule? Override = null);

/// <summary>
/// An exclusive key a local node holds: two nodes with one key but different owners never share a cluster.
/// Nodes that are one person by strong evidence (two addresses a CRM contact states) share an owner.
/// </summary>
internal readonly record struct ExclusiveSlot(int Key, int Node);

/// <summary>
/// One connected component as <see cref="ConstrainedClusterer"/> takes it: local node numbers, each node's
/// strength, evidence (events) and rank (the (kind, value) order, the last tie-break), its exclusive keys and
/// their owners, and the links the component's signatures (and the override pairs) make.
/// </summary>
internal sealed class ComponentGraph
{
    /// <summary>Keys 1 and 2 are the level's exclusive kinds (crm_contact_id, user_id; crm_account_id, inn): hard keys.</summary>
    public const int FirstDomainKey = 3;

    /// <summary>Keys from here on are the override's never-together pairs.</summary>
    public const int FirstPairKey = 1 << 20;

    private readonly NodeTable _nodes;
    private readonly SignatureTable _signatures;
    private readonly Dictionary<string, int> _domainKeys = new(StringComparer.Ordinal);
    private List<OverrideRule>? _pairKeys;

    public ComponentGraph(List<int> component, List<int> componentSignatures, NodeTable nodes, SignatureTable signatures,
        LevelPolicy policy, OverrideLinks overrides)
    {
        _nodes = nodes;
        _signatures = signatures;
        Nodes = component;
        var n = component.Count;
        Local = new Dictionary<int, int>(n);
        Strength = new int[n];
        Evidence = new int[n];
        Keys = new List<ExclusiveSlot>?[n];
        Owner = new int[n];
        for (var i = 0; i < n; i++)
        {
            var node = component[i];
            Local[node] = i;
            Strength[i] = nodes.Kind[node].Strength();
            Evidence[i] = nodes.Events[node];
            Owner[i] = i;
            if (policy.ExclusiveKey(nodes, node, _domainKeys) is var key and > 0)
            {
                Keys[i] = [new ExclusiveSlot(key, i)];
            }
        }

        var order = Enumerable.Range(0, n).ToArray();
        Array.Sort(order, (a, b) => nodes.CompareKeys(component[a], component[b]));
        Rank = new int[n];
        for (var i = 0; i < n; i++)
        {
            Rank[order[i]] = i;
        }

        AddSignatureLinks(componentSignatures, signatures, policy, TwoAddressesAtOneDomain());
        if (policy.Level == IdentityLevel.Profile)
        {
            AddOverrides(overrides);
        }
    }

    public List<int> Nodes { get; }
    public Dictionary<int, int> Local { get; }
    public int Count => Nodes.Count;
    public int[] Strength { get; }
    public int[] Evidence { get; }
    public int[] Rank { get; }
    public List<ExclusiveSlot>?[] Keys { get; }

    /// <summary>The owner of each local node's exclusive keys (union-find parents; see <see cref="OwnerOf"/>).</summary>
    public int[] Owner { get; }

    public List<Link> Edges { get; } = [];

    /// <summary>A clash on keys 1 or 2 always leaves the link's weaker end out (it is shared); see ConstrainedClusterer for the others.</summary>
    public static bool IsHardKey(int key) => key < FirstDomainKey;

    public int OwnerOf(int local)
    {
        while (Owner[local] != local)
        {
            local = Owner[local] = Owner[Owner[local]];
        }

        return local;
    }

    /// <summary>Whether every event with this node also had <paramref name="other"/> (it has no evidence of its own). Asked on conflicts only.</summary>
    public bool AlwaysWith(int local, int other)
    {
        var (node, with) = (Nodes[local], Nodes[other]);
        for (var link = _nodes.SigHead[node]; link >= 0; link = _signatures.IncidenceNext(link))
        {
            var sig = _signatures.IncidenceSig(link);
            var found = false;
            for (var i = 0; i < _signatures.EntryCount[sig] && !found; i++)
            {
                found = _signatures.Entry(sig, i) >> 1 == with;
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether two slots with one key belong to different people (or companies): then they clash.</summary>
    public bool Differ(ExclusiveSlot a, ExclusiveSlot b) =>
        a.Key >= FirstPairKey ? a.Node != b.Node : OwnerOf(a.Node) != OwnerOf(b.Node);

    /// <summary>What a key stands for, for explanations.</summary>
    public string DescribeKey(int key, LevelPolicy policy)
    {
        if (key >= FirstPairKey)
        {
            return $"override {_pairKeys![key - FirstPairKey]}";
        }

        if (key >= FirstDomainKey)
        {
            return $"one work email per company domain ({_domainKeys.First(d => d.Value == key).Key})";
        }

        return $"one {(key == 1 ? policy.Exclusive0 : policy.Exclusive1).WireName()} per {(policy.Level == IdentityLevel.Profile ? "person" : "company")}";
    }

    /// <summary>Whether two work addresses here share a domain key: only then does a strong binding matter.</summary>
    private bool TwoAddressesAtOneDomain()
    {
        // Domain keys are numbered as domains are met, so fewer keys than addresses means two share one.
        var addresses = 0;
        foreach (var keys in Keys)
        {
            if (keys is [var key, ..] && key.Key >= FirstDomainKey)
            {
                addresses++;
            }
        }

        return addresses > _domainKeys.Count;
    }

    private void AddSignatureLinks(List<int> componentSignatures, SignatureTable signatures, LevelPolicy policy, bool bind)
    {
        var seenEdges = new HashSet<long>();
        Span<int> members = stackalloc int[16];
        Span<bool> stated = stackalloc bool[16];
        int[]? bound = null;
        foreach (var sig in componentSignatures)
        {
            var count = 0;
            var strong = -1;
            for (var i = 0; i < signatures.EntryCount[sig]; i++)
            {
                var entry = signatures.Entry(sig, i);
                if (Local.TryGetValue(entry >> 1, out var m))
                {
                    stated[count] = signatures.IsStatedEntry(entry, _nodes);
                    members[count++] = m;
                    if (bind && _nodes.Kind[entry >> 1] is IdentifierKind.CrmContactId or IdentifierKind.UserId)
                    {
                        strong = m;
                    }
                }
            }

            for (var i = 0; i < count; i++)
            {
                for (var j = i + 1; j < count; j++)
                {
                    // Company keys link through what an account block states: two implied keys (a landline and a
                    // mailbox typed into one form) say nothing about each other's company.
                    if (policy.Level == IdentityLevel.Account && !stated[i] && !stated[j])
                    {
                        continue;
                    }

                    var (u, v) = members[i] < members[j] ? (members[i], members[j]) : (members[j], members[i]);
                    if (seenEdges.Add(((long)u << 32) | (uint)v))
                    {
                        Edges.Add(new Link(u, v));
                    }
                }

                // What a CRM contact or app login states in one event is bound to it (see ShareOwners).
                if (strong >= 0 && (IsStrong(members[i]) || (Keys[members[i]] is not null && IsWorkEmail(members[i]))))
                {
                    bound ??= Enumerable.Range(0, Count).ToArray();
                    bound[Find(bound, members[i])] = Find(bound, strong);
                }
            }
        }

        if (bound is not null)
        {
            ShareOwners(bound);
        }
    }

    /// <summary>
    /// Work addresses one CRM contact or app login states are that person's, even two at one domain (a re-saved
    /// contact, a typo fixed later): they share an owner, so the one-per-domain rule does not set them apart.
    /// </summary>
    private void ShareOwners(int[] bound)
    {
        var byBindingAndKey = new Dictionary<(int Binding, int Key), int>();
        for (var i = 0; i < Count; i++)
        {
            if (Keys[i] is { } keys && IsWorkEmail(i) && Find(bound, i) != i)
            {
                if (byBindingAndKey.TryGetValue((Find(bound, i), keys[0].Key), out var first))
                {
                    Owner[OwnerOf(i)] = OwnerOf(first);
                }
                else
                {
                    byBindingAndKey[(Find(bound, i), keys[0].Key)] = i;
                }
            }
        }
    }

    private bool IsStrong(int local) => _nodes.Kind[Nodes[local]] is IdentifierKind.CrmContactId or IdentifierKind.UserId;

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            i = parent[i] = parent[parent[i]];
        }

        return i;
    }

    private bool IsWorkEmail(int local) =>
        _nodes.Kind[Nodes[local]] == IdentifierKind.Email && (_nodes.Flags[Nodes[local]] & NodeFlags.WorkEmail) != 0;

    private void AddOverrides(OverrideLinks overrides)
    {
        for (var i = 0; i < Count; i++)
        {
            foreach (var (partner, rule) in overrides.Partners(Nodes[i]))
            {
                if (!Local.TryGetValue(partner, out var j) || j < i)
                {
                    continue;
                }

                if (rule.Kind == OverrideKind.MustLink)
                {
                    Edges.Add(new Link(i, j, rule));
                    Owner[OwnerOf(j)] = OwnerOf(i);
                }
                else
                {
                    _pairKeys ??= [];
                    var key = FirstPairKey + _pairKeys.Count;
                    _pairKeys.Add(rule);
                    (Keys[i] ??= []).Add(new ExclusiveSlot(key, i));
                    (Keys[j] ??= []).Add(new ExclusiveSlot(key, j));
                }
            }
        }
    }
}
