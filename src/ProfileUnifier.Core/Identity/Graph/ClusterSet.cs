namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>The live clusters of one level, addressed by a reusable index stored on the nodes.</summary>
internal sealed class ClusterSet
{
    private readonly List<ClusterInfo?> _clusters = [];
    private readonly Stack<int> _free = new();

    public int Count { get; private set; }

    public ClusterInfo this[int index] => _clusters[index]!;

    public int Add(ClusterInfo cluster)
    {
        Count++;
        if (_free.TryPop(out var index))
        {
            _clusters[index] = cluster;
            return index;
        }

        _clusters.Add(cluster);
        return _clusters.Count - 1;
    }

    public void Remove(int index)
    {
        if (_clusters[index] is null)
        {
            return;
        }

        _clusters[index] = null;
        _free.Push(index);
        Count--;
    }

    public IEnumerable<(int Index, ClusterInfo Cluster)> Live()
    {
        for (var i = 0; i < _clusters.Count; i++)
        {
            if (_clusters[i] is { } cluster)
            {
                yield return (i, cluster);
            }
        }
    }

    public int Capacity => _clusters.Count;
}
