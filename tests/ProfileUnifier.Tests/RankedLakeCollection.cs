using ProfileUnifier.Testing;

namespace ProfileUnifier.Tests;

/// <summary>One ingested and ranked lake for the verbs that only read it (query, profile, segment, report).</summary>
[CollectionDefinition(Name)]
public sealed class RankedLakeCollection : ICollectionFixture<RankedLake>
{
    public const string Name = "ranked lake";
}
