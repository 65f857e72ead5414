namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>
/// What differs between the person level and the account level of the graph: who takes part, which
/// kinds are exclusive, where the result is stored.
/// </summary>
internal sealed class LevelPolicy
{
    private LevelPolicy(IdentityLevel level, string prefix, NodeFlags direct, NodeFlags conflict, NodeFlags dirty,
        IdentifierKind exclusive0, IdentifierKind exclusive1)
    {
        Level = level;
        Prefix = prefix;
        DirectShared = direct;
        ConflictShared = conflict;
        Dirty = dirty;
        Exclusive0 = exclusive0;
        Exclusive1 = exclusive1;
    }

    public static LevelPolicy Person { get; } = new(IdentityLevel.Profile, "p_", NodeFlags.DirectPersonShared,
        NodeFlags.ConflictPersonShared, NodeFlags.PersonDirty, IdentifierKind.CrmContactId, IdentifierKind.UserId);

    public static LevelPolicy Account { get; } = new(IdentityLevel.Account, "a_", NodeFlags.DirectAccountShared,
        NodeFlags.ConflictAccountShared, NodeFlags.AccountDirty, IdentifierKind.CrmAccountId, IdentifierKind.Inn);

    public IdentityLevel Level { get; }
    public string Prefix { get; }
    public NodeFlags DirectShared { get; }
    public NodeFlags ConflictShared { get; }
    public NodeFlags Dirty { get; }
    public IdentifierKind Exclusive0 { get; }
    public IdentifierKind Exclusive1 { get; }

    /// <summary>
    /// Person level: person identifiers not seen with too many people. Account level: company keys,
    /// plus phones that are shared between people (an office number), unless seen with two companies.
    /// </summary>
    public bool IsMember(NodeTable nodes, int node)
    {
        var kind = nodes.Kind[node];
        var flags = nodes.Flags[node];
        if ((flags & (DirectShared | NodeFlags.NeverLink)) != 0)
        {
            return false;
        }

        return Level == IdentityLevel.Profile
            ? kind.IsPersonLevel()
            : !kind.IsPersonLevel() || (kind == IdentifierKind.Phone && (flags & NodeFlags.PersonShared) != 0);
    }

    /// <summary>
    /// The key under which a node is exclusive within a cluster, 0 for none: the two exclusive kinds, and on
    /// the person level a work email per company domain (nobody has two mailboxes at one employer; two
    /// addresses at one company are two colleagues).
    /// </summary>
    public int ExclusiveKey(NodeTable nodes, int node, Dictionary<string, int> domainKeys)
    {
        var kind = nodes.Kind[node];
        if (kind == Exclusive0)
        {
            return 1;
        }

        if (kind == Exclusive1)
        {
            return 2;
        }

        if (Level != IdentityLevel.Profile || kind != IdentifierKind.Email || (nodes.Flags[node] & NodeFlags.WorkEmail) == 0)
        {
            return 0;
        }

        var value = nodes.Value[node];
        var domain = value[(value.IndexOf('@', StringComparison.Ordinal) + 1)..];
        if (!domainKeys.TryGetValue(domain, out var key))
        {
            domainKeys[domain] = key = 3 + domainKeys.Count;
        }

        return key;
    }

    /// <summary>
    /// Whether a cluster's merges and splits are logged: every profile; on the account level only groups that can
    /// be an account (with a CRM id, an INN or a domain), not a lone landline or mailbox.
    /// </summary>
    public bool IsLogged(NodeTable nodes, ClusterInfo cluster) =>
        Level == IdentityLevel.Profile || cluster.Members.Any(m => nodes.Kind[m].IsStatable());

    /// <summary>The bit (of SignatureTable.ContestedLevels) that says a signature's component on this level was decided by evidence.</summary>
    public byte Contested => Level == IdentityLevel.Profile ? SignatureTable.PersonContested : SignatureTable.AccountContested;

    /// <summary>The node flag that says the node's component on this level was last decided by evidence.</summary>
    public NodeFlags ContestedNode => Level == IdentityLevel.Profile ? NodeFlags.PersonContested : NodeFlags.AccountContested;

    public Column<int> ClusterColumn(NodeTable nodes) => Level == IdentityLevel.Profile ? nodes.PersonCluster : nodes.AccountCluster;

    public Column<int> ComponentColumn(NodeTable nodes) => Level == IdentityLevel.Profile ? nodes.PersonComponent : nodes.AccountComponent;

    public Dictionary<int, SharedNote> SharedNotes(NodeTable nodes) => Level == IdentityLevel.Profile ? nodes.PersonShared : nodes.AccountShared;

    public List<int> DirtyList(BatchContext batch) => Level == IdentityLevel.Profile ? batch.PersonDirty : batch.AccountDirty;
}
