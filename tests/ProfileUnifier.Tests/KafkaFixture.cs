using ProfileUnifier.Testing;

namespace ProfileUnifier.Tests;

/// <summary>One broker for the whole test run (see <see cref="KafkaBroker"/> for which).</summary>
public sealed class KafkaFixture : IAsyncLifetime
{
    public KafkaBroker Broker { get; private set; } = null!;

    public async Task InitializeAsync() => Broker = await KafkaBroker.StartAsync();

    public async Task DisposeAsync() => await Broker.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class KafkaCollection : ICollectionFixture<KafkaFixture>
{
    public const string Name = "kafka";
}
