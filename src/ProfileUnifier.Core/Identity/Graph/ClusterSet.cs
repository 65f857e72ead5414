namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>The live clusters of one level, addressed by a reusable index stored on the nodes.</summary>
/// <param name="nodes">The nodes the members are, whose hashes the ids are made of (none for a set whose ids are unused).</param>
/// <param name="prefix">The ids' prefix (the level's).</param>
/// <param name="personal">Profiles: their ids are keyed in a pseudonymised lake (<see cref="NodeTable.IdKey"/>); an account's never are.</param>
internal sealed class ClusterSet(NodeTable? nodes = null, string prefix = "", bool personal = false)
{
    private readonly List<ClusterInfo> _clusters = [];
    private readonly Stack<int> _free = new();

    /// <summary>
    /// The slots added, replaced or emptied since the last <see cref="TakeChanged"/> (some more than once), once
    /// <see cref="TrackChanges"/> was called: what the engine's attribution looks at again, rather than every slot at
    /// every resolve. Null for sets no one reads them of (the components).
    /// </summary>
    private List<int>? _changed;

    public void TrackChanges() => _changed ??= [];

    public int Count { get; private set; }

    public ClusterInfo this[int index] => _clusters[index];

    /// <summary>
    /// The stable id of the cluster at <paramref name="index"/> (see <see cref="ClusterInfo.FormatId"/>). Made when asked,
    /// not kept: at millions of profiles the strings were a fifth of the engine's memory.
    /// </summary>
    public string IdOf(int index) => IdOf(_clusters[index]);

    /// <summary>The id of a cluster of this level, in this set or about to be.</summary>
    public string IdOf(ClusterInfo cluster) => cluster.Anchor < 0 || nodes is null
        ? string.Empty
        : ClusterInfo.FormatId(prefix, nodes.HashOf(cluster.Anchor), personal ? nodes.IdKey : null);

    public int Add(ClusterInfo cluster)
    {
        Count++;
        if (_free.TryPop(out var index))
        {
            _clusters[index] = cluster;
            _changed?.Add(index);
            return index;
        }

        _clusters.Add(cluster);
        _changed?.Add(_clusters.Count - 1);
        return _clusters.Count - 1;
    }

    /// <summary>Puts a grown cluster in the slot of the one it grew from (the nodes keep the index).</summary>
    public void Replace(int index, ClusterInfo cluster)
    {
        _clusters[index] = cluster;
        _changed?.Add(index);
    }

    /// <summary>Adds to <paramref name="into"/> the slots changed since the last call, and forgets them; false when not tracked.</summary>
    public bool TakeChanged(List<int> into)
    {
        if (_changed is null)
        {
            return false;
        }

        into.AddRange(_changed);
        _changed.Clear();
        return true;
    }

    public void Remove(int index)
    {
        if (!_clusters[index].IsLive)
        {
            return;
        }

        _clusters[index] = default;
        _free.Push(index);
        _changed?.Add(index);
        Count--;
    }

    public IEnumerable<(int Index, ClusterInfo Cluster)> Live()
    {
        for (var i = 0; i < _clusters.Count; i++)
        {
            if (_clusters[i] is { IsLive: true } cluster)
            {
                yield return (i, cluster);
            }
        }
    }

    public int Capacity => _clusters.Count;

    /// <summary>Writes the slots (empty ones too, so indexes stored on the nodes stay valid) and the free list.</summary>
    public void Save(BinaryWriter writer)
    {
        writer.Write(_clusters.Count);
        foreach (var cluster in _clusters)
        {
            writer.Write(cluster.IsLive);
            if (cluster.IsLive)
            {
                writer.Write(cluster.Anchor);
                writer.Write(cluster.Members.Length);
                foreach (var member in cluster.Members)
                {
                    writer.Write(member);
                }
            }
        }

        // The stack's order decides which index the next cluster gets: keep it.
        var free = _free.ToArray();
        writer.Write(free.Length);
        for (var i = free.Length - 1; i >= 0; i--)
        {
            writer.Write(free[i]);
        }
    }

    public void Load(BinaryReader reader, Func<int, int[], ClusterInfo> create)
    {
        _clusters.Clear();
        _free.Clear();
        _changed?.Clear();
        Count = 0;
        for (var i = reader.ReadInt32(); i > 0; i--)
        {
            if (!reader.ReadBoolean())
            {
                _clusters.Add(default);
                continue;
            }

            var anchor = reader.ReadInt32();
            var members = new int[reader.ReadInt32()];
            for (var m = 0; m < members.Length; m++)
            {
                members[m] = reader.ReadInt32();
            }

            _clusters.Add(create(anchor, members));
            _changed?.Add(_clusters.Count - 1);
            Count++;
        }

        for (var i = reader.ReadInt32(); i > 0; i--)
        {
            _free.Push(reader.ReadInt32());
        }
    }
}
