using ProfileUnifier.Testing;

namespace ProfileUnifier.Server.Tests;

/// <summary>The ranked test lake and a server over it, shared by the tests that only read.</summary>
public sealed class ServedLakeFixture : IDisposable
{
    public ServedLakeFixture()
    {
        Factory = new LakeServerFactory(Lake.Root);
        Duck = new DuckLake(Lake.Root);
    }

    public RankedLake Lake { get; } = new();

    public LakeServerFactory Factory { get; }

    public DuckLake Duck { get; }

    public void Dispose()
    {
        Factory.Dispose();
        Duck.Dispose();
        Lake.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ServedLakeCollection : ICollectionFixture<ServedLakeFixture>
{
    public const string Name = "served lake";
}
