using ProfileUnifier.Core.Identity.Graph;

namespace ProfileUnifier.Core.Tests.Identity.Graph;

public sealed class NodeIndexTests
{
    [Fact]
    public void Find_EmptyIndex_ReturnsMinusOne()
    {
        var index = new NodeIndex(new Column<UInt128>());
        var match = new Only(0);

        Assert.Equal(-1, index.Find(UInt128.One, ref match));
    }

    [Fact]
    public void Add_ManyNodesFromATinyTable_EachFoundAfterGrowing()
    {
        var hashes = new Column<UInt128>();
        var index = new NodeIndex(hashes, capacity: 4);
        const int Count = 50_000;
        hashes.EnsureCapacity(Count);
        for (var node = 0; node < Count; node++)
        {
            hashes[node] = Spread(node);
            index.Add(node);
        }

        Assert.Equal(Count, index.Count);
        Assert.True(index.ApproximateBytes < Count * 10L, $"{index.ApproximateBytes} bytes for {Count} nodes");
        for (var node = 0; node < Count; node++)
        {
            var match = new Only(node);
            Assert.Equal(node, index.Find(hashes[node], ref match));
        }

        var absent = new Only(Count);
        Assert.Equal(-1, index.Find(Spread(Count), ref absent));
    }

    [Fact]
    public void Find_HashesSharingTheirHomeSlotAndTag_EachFoundByItsOwnHash()
    {
        // Equal low halves (the home slot) and equal top bytes (the tag): only the full hash tells them apart.
        var hashes = new Column<UInt128>();
        var index = new NodeIndex(hashes, capacity: 8);
        for (var node = 0; node < 5; node++)
        {
            hashes[node] = new UInt128(0xAB00_0000_0000_0000UL | (uint)node, 42);
            index.Add(node);
        }

        for (var node = 0; node < 5; node++)
        {
            var anyNode = new Any();
            Assert.Equal(node, index.Find(hashes[node], ref anyNode));
        }

        var missing = new Any();
        Assert.Equal(-1, index.Find(new UInt128(0xAB00_0000_0000_0009UL, 42), ref missing));
    }

    [Fact]
    public void Find_NodesWithEqualHashes_TheMatchDecides()
    {
        var hashes = new Column<UInt128>();
        var index = new NodeIndex(hashes, capacity: 4);
        var hash = new UInt128(7, 7);
        for (var node = 0; node < 3; node++)
        {
            hashes[node] = hash;
            index.Add(node);
        }

        for (var node = 0; node < 3; node++)
        {
            var match = new Only(node);
            Assert.Equal(node, index.Find(hash, ref match));
        }

        var none = new Only(3);
        Assert.Equal(-1, index.Find(hash, ref none));
    }

    // A node number spread over the hash's bits, as xxHash would.
    private static UInt128 Spread(int node)
    {
        var x = (ulong)node + 1;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return new UInt128(x * 0x9E3779B97F4A7C15UL, x);
    }

    private readonly struct Only(int node) : INodeMatch
    {
        public bool Matches(int candidate) => candidate == node;
    }

    private readonly struct Any : INodeMatch
    {
        public bool Matches(int candidate) => true;
    }
}
