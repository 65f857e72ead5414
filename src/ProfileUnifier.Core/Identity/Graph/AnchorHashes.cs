namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>
/// The hash of the anchor of clusters by index (<see cref="NodeTable.HashOf"/>), each with the anchor it is the hash of:
/// a slot whose cluster was re-anchored, or whose index went to another cluster, is made again when next asked.
/// </summary>
internal sealed class AnchorHashes(NodeTable nodes)
{
    private int[] _anchors = [];
    private UInt128[] _hashes = [];

    public long ApproximateBytes => _anchors.Length * 20L;

    public UInt128 Of(int cluster, int anchor)
    {
        if (cluster >= _anchors.Length)
        {
            var before = _anchors.Length;
            var size = (cluster + 1) + ((cluster + 1) / 8);
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
