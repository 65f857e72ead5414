namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>
/// The nodes by key: an open-addressed table of node numbers, placed and probed (linearly) by each node's 128-bit
/// hash, which it does not keep: <paramref name="hashOf"/> gives it again when the table grows. A byte of the hash
/// beside each slot settles most probes without reading the node; the caller's <see cref="INodeMatch"/> confirms the
/// rest. Five bytes a slot at a load of 0.53-0.8, where a dictionary by string took some thirty bytes an entry.
/// </summary>
internal sealed class NodeIndex(Func<int, UInt128> hashOf, int capacity = 1024)
{
    private const double MaxLoad = 0.8;

    private int[] _nodes = new int[Math.Max(capacity, 4)];

    // 0: empty slot; otherwise the tag of the hash of the node in it.
    private byte[] _tags = new byte[Math.Max(capacity, 4)];

    public int Count { get; private set; }

    public long ApproximateBytes => _tags.Length * 5L;

    /// <summary>The node with this hash that <paramref name="match"/> accepts (it sees only nodes whose tag is equal); -1 if none.</summary>
    public int Find<TMatch>(UInt128 hash, scoped ref TMatch match)
        where TMatch : INodeMatch, allows ref struct
    {
        var tag = Tag(hash);
        for (var slot = Home(hash, _tags.Length); ; slot = slot + 1 == _tags.Length ? 0 : slot + 1)
        {
            var t = _tags[slot];
            if (t == 0)
            {
                return -1;
            }

            if (t == tag && match.Matches(_nodes[slot]))
            {
                return _nodes[slot];
            }
        }
    }

    /// <summary>Adds a node that is not in the index yet.</summary>
    public void Add(int node, UInt128 hash)
    {
        if (Count + 1 > _tags.Length * MaxLoad)
        {
            Grow();
        }

        Place(_nodes, _tags, node, hash);
        Count++;
    }

    /// <summary>
    /// Makes room for <paramref name="count"/> nodes in all at once, two thirds full (as a table grown by halves is on
    /// average): a start's load added 42k nodes one by one and rehashed them all at each of ten growths on the way.
    /// </summary>
    public void EnsureCapacity(int count)
    {
        if (count > _tags.Length * MaxLoad)
        {
            Resize((int)Math.Min(Array.MaxLength, count * 1.5));
        }
    }

    private static void Place(int[] nodes, byte[] tags, int node, UInt128 hash)
    {
        var slot = Home(hash, tags.Length);
        while (tags[slot] != 0)
        {
            slot = slot + 1 == tags.Length ? 0 : slot + 1;
        }

        nodes[slot] = node;
        tags[slot] = Tag(hash);
    }

    // By half, not double: the table stays between 0.53 and 0.8 full.
    private void Grow() => Resize(_tags.Length + (_tags.Length / 2));

    private void Resize(int size)
    {
        var nodes = new int[size];
        var tags = new byte[size];
        for (var slot = 0; slot < _tags.Length; slot++)
        {
            if (_tags[slot] != 0)
            {
                Place(nodes, tags, _nodes[slot], hashOf(_nodes[slot]));
            }
        }

        (_nodes, _tags) = (nodes, tags);
    }

    // Any table size: the low half of the hash scaled to it (multiply-shift), no power of two needed.
    private static int Home(UInt128 hash, int size) => (int)Math.BigMul((ulong)hash, (ulong)size, out _);

    private static byte Tag(UInt128 hash) => Math.Max((byte)(hash >> 120), (byte)1);
}
