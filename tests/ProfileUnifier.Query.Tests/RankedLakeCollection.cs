using ProfileUnifier.Testing;

namespace ProfileUnifier.Query.Tests;

/// <summary>One ingested and ranked lake for every test class here: they only read it.</summary>
[CollectionDefinition(Name)]
public sealed class RankedLakeCollection : ICollectionFixture<RankedLake>
{
    public const string Name = "ranked lake";
}
