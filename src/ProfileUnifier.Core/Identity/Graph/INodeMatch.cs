namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>What <see cref="NodeIndex.Find{TMatch}"/> looks for: whether a node found under the hash (its tag byte equal) is the one sought.</summary>
internal interface INodeMatch
{
    bool Matches(int node);
}
