using ProfileUnifier.Core.Identity.Graph;

namespace ProfileUnifier.Core.Tests.Identity.Graph;

public sealed class NodeIndexTests
{
    [Fact]
    public void Find_EmptyIndex_ReturnsMinusOne()
    {
        var index = new NodeIndex(_ => throw new InvalidOperationException("no node to hash"));
        var match = new Only(0);

        Assert.Equal(-1, index.Find(UInt128.One, ref match));
    }

    [Fact]
    public void Add_ManyNodesFromATinyTable_EachFoundAfterGrowing()
    {
        var index = new NodeIndex(Spread, capacity: 4);
        const int Count = 50_000;
        for (var node = 0; node < Count; node++)
        {
            index.Add(node, Spread(node));
        }

        Assert.Equal(Count, index.Count);
        Assert.True(index.ApproximateBytes < Count * 10L, $"{index.ApproximateBytes} bytes for {Count} nodes");
        for (var node = 0; node < Count; node++)
        {
            var match = new Only(node);
            Assert.Equal(node, index.Find(Spread(node), ref match));
        }

        var absent = new Only(Count);
        Assert.Equal(-1, index.Find(Spread(Count), ref absent));
    }

    [Fact]
    public void EnsureCapacity_BeforeAndAfterAdds_NoGrowthOnTheWayAndEveryNodeFound()
    {
        var rehashed = 0;
        var index = new NodeIndex(node => { rehashed++; return Spread(node); }, capacity: 4);
        index.Add(0, Spread(0));
        index.Add(1, Spread(1));
        const int Count = 50_000;

        index.EnsureCapacity(Count);
        var afterReserving = rehashed;
        for (var node = 2; node < Count; node++)
        {
            index.Add(node, Spread(node));
        }

        // The two nodes already in were placed again once; the rest went in without the table growing.
        Assert.Equal(2, afterReserving);
        Assert.Equal(afterReserving, rehashed);
        Assert.True(index.ApproximateBytes < Count * 10L, $"{index.ApproximateBytes} bytes for {Count} nodes");
        for (var node = 0; node < Count; node++)
        {
            var match = new Only(node);
            Assert.Equal(node, index.Find(Spread(node), ref match));
        }

        index.EnsureCapacity(10);
        Assert.Equal(afterReserving, rehashed);
    }

    [Fact]
    public void Find_HashesSharingTheirHomeSlotAndTag_TheMatchDecides()
    {
        // Equal low halves (the home slot) and equal top bytes (the tag): the probe goes past the others to the one matched.
        var index = new NodeIndex(Clustered, capacity: 8);
        for (var node = 0; node < 5; node++)
        {
            index.Add(node, Clustered(node));
        }

        for (var node = 0; node < 5; node++)
        {
            var match = new Only(node);
            Assert.Equal(node, index.Find(Clustered(node), ref match));
        }

        var missing = new Only(9);
        Assert.Equal(-1, index.Find(Clustered(9), ref missing));
    }

    [Fact]
    public void Find_OtherTag_NotOfferedToTheMatch()
    {
        var index = new NodeIndex(Spread, capacity: 8);
        index.Add(0, new UInt128(0x0100_0000_0000_0000UL, 5));

        var any = new Any();
        Assert.Equal(0, index.Find(new UInt128(0x0100_0000_0000_0000UL, 5), ref any));
        Assert.Equal(-1, index.Find(new UInt128(0x0200_0000_0000_0000UL, 5), ref any));
    }

    [Fact]
    public void Find_NodesWithEqualHashesAcrossGrowth_TheMatchDecides()
    {
        var hash = new UInt128(7, 7);
        var index = new NodeIndex(_ => hash, capacity: 4);
        for (var node = 0; node < 3; node++)
        {
            index.Add(node, hash);
        }

        for (var node = 0; node < 3; node++)
        {
            var match = new Only(node);
            Assert.Equal(node, index.Find(hash, ref match));
        }

        var none = new Only(3);
        Assert.Equal(-1, index.Find(hash, ref none));
    }

    private static UInt128 Clustered(int node) => new(0xAB00_0000_0000_0000UL, 0x1000_0000UL | (uint)node);

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
