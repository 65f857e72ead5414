namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>The nodes' values as strings, decoded from <see cref="NodeTable"/>'s UTF-8 arena on each access.</summary>
internal readonly struct NodeValues(NodeTable nodes)
{
    public string this[int node] => nodes.ValueOf(node);
}
