namespace ProfileUnifier.Core.Identity.Graph;

// One field of every NodeRow, indexed by node like a Column of its own (see NodeTable).

internal readonly struct NodeKinds(Column<NodeRow> rows)
{
    public ref IdentifierKind this[int node] => ref rows[node].Kind;
}

internal readonly struct NodeFlagsColumn(Column<NodeRow> rows)
{
    public ref NodeFlags this[int node] => ref rows[node].Flags;
}

internal readonly struct NodeFirstSeen(Column<NodeRow> rows)
{
    public ref long this[int node] => ref rows[node].FirstSeen;
}

internal readonly struct NodeLastSeen(Column<NodeRow> rows)
{
    public ref long this[int node] => ref rows[node].LastSeen;
}

internal readonly struct NodeEvents(Column<NodeRow> rows)
{
    public ref int this[int node] => ref rows[node].Events;
}
