using Confluent.Kafka;
using Confluent.Kafka.Admin;
using ProfileUnifier.Ingestion.Kafka;
using Testcontainers.Kafka;

namespace ProfileUnifier.Testing;

/// <summary>
/// The one broker of a test run, over TCP: <c>KAFKA_BOOTSTRAP_SERVERS</c> if set, else a Kafka container
/// (Testcontainers) if Docker answers, else the embedded broker (librdkafka's mock cluster). Tests make
/// fresh topics and groups of their own.
/// </summary>
public sealed class KafkaBroker : IAsyncDisposable
{
    private readonly EmbeddedBroker? _embedded;
    private readonly KafkaContainer? _container;

    private KafkaBroker(string bootstrapServers, string kind, EmbeddedBroker? embedded, KafkaContainer? container, MockCluster? mock = null)
    {
        BootstrapServers = bootstrapServers;
        Kind = kind;
        _embedded = embedded;
        _container = container;
        Mock = mock;
    }

    /// <summary>The mock cluster whose brokers a test takes down and up (<see cref="StartMock"/>); null otherwise.</summary>
    public MockCluster? Mock { get; }

    /// <summary>An embedded broker of this test's own whose brokers it can take down and bring up mid-run.</summary>
    public static KafkaBroker StartMock(int brokers = 1)
    {
        var mock = new MockCluster(brokers);
        return new KafkaBroker(mock.BootstrapServers, "embedded", null, null, mock);
    }

    public string BootstrapServers { get; }

    /// <summary>external, testcontainers or embedded.</summary>
    public string Kind { get; }

    /// <summary>The group protocol to use: the embedded broker's KIP-848 groups rebalance in milliseconds.</summary>
    public string GroupProtocol => Kind == "embedded" ? "consumer" : "classic";

    public static async Task<KafkaBroker> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("KAFKA_BOOTSTRAP_SERVERS") is { Length: > 0 } external)
        {
            return new KafkaBroker(external, "external", null, null);
        }

        if (DockerAnswers())
        {
            var container = new KafkaBuilder("confluentinc/cp-kafka:7.6.1").Build();
            await container.StartAsync();
            return new KafkaBroker(container.GetBootstrapAddress(), "testcontainers", null, container);
        }

        var embedded = EmbeddedBroker.Start();
        return new KafkaBroker(embedded.BootstrapServers, "embedded", embedded, null);
    }

    /// <summary>Fresh topics with four partitions each.</summary>
    public async Task CreateTopicsAsync(IEnumerable<string> topics)
    {
        if (Mock is not null)
        {
            foreach (var topic in topics)
            {
                Mock.CreateTopic(topic, 4);
            }

            return;
        }

        if (_embedded is not null)
        {
            _embedded.CreateTopics(topics);
            return;
        }

        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = BootstrapServers }).Build();
        await admin.CreateTopicsAsync(topics.Select(t => new TopicSpecification { Name = t, NumPartitions = 4, ReplicationFactor = 1 }));
    }

    public async ValueTask DisposeAsync()
    {
        _embedded?.Dispose();
        Mock?.Dispose();
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }

    private static bool DockerAnswers() =>
        Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } || File.Exists("/var/run/docker.sock");
}
