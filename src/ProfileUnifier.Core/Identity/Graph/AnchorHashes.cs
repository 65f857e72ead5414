namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>
/// The hash of the anchor of clusters by index (<see cref="NodeTable.HashOf"/>), each with the anchor it is the hash of:
/// a slot whose cluster was re-anchored, or whose index went to another cluster, is made again when next asked.
/// </summary>
internal sealed class AnchorHashes
{
    private int[] _anchors = [];
    private UInt128[] _hashes = [];

    public long ApproximateBytes => _anchors.Length * 20L;

    /// <param name="capacity">The cluster set's capacity (the slots are grown to it, and an eighth more).</param>
    public UInt128 Of(int cluster, int anchor, int capacity, NodeTable nodes)
    {
        if (cluster >= _anchors.Length)
        {
            var before = _anchors.Length;
            var size = Math.Max(cluster + 1, capacity + (capacity / 8));
            Array.Resize(ref _anchors, size);
            Array.Resize(ref _hashes, size);
            _anchors.AsSpan(before).Fill(-1);
        }

        if (_anchors[cluster] != anchor)
        {
            _hashes[cluster] = nodes.HashOf(anchor);
            _anchors[cluster] = anchor;
        }

        return _hashes[cluster];
    }
}
