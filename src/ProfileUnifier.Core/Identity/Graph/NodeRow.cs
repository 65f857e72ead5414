namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>
/// What an event reads and updates of each of its nodes (and what a signature's entries are matched by), side by side:
/// at millions of identifiers each node's kind, times, count and flags in columns of their own were a cache miss each.
/// </summary>
internal struct NodeRow
{
    public long FirstSeen;
    public long LastSeen;
    public int Events;
    public NodeFlags Flags;
    public IdentifierKind Kind;
}
