using Confluent.Kafka;

namespace ProfileUnifier.Ingestion.Kafka;

/// <summary>
/// A real Kafka-protocol broker on 127.0.0.1: the mock cluster inside librdkafka (Confluent.Kafka's native
/// library), owned by an admin client and gone when it is disposed. Its limits: each partition keeps only
/// about 5 MiB of record batches (older ones are evicted, so producers must not run far ahead of
/// consumers), topics are auto-created with 4 partitions, and there is no CreateTopics.
/// </summary>
public sealed class EmbeddedBroker : IDisposable
{
    private readonly IAdminClient _owner;

    private EmbeddedBroker(IAdminClient owner, string bootstrapServers)
    {
        _owner = owner;
        BootstrapServers = bootstrapServers;
    }

    public string BootstrapServers { get; }

    /// <summary>Partitions every topic gets (the mock's fixed default).</summary>
    public const int PartitionsPerTopic = 4;

    public static EmbeddedBroker Start(int brokers = 1)
    {
        var config = new AdminClientConfig();
        config.Set("test.mock.num.brokers", brokers.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var owner = new AdminClientBuilder(config).SetLogHandler((_, _) => { }).Build();
        try
        {
            var metadata = owner.GetMetadata(TimeSpan.FromSeconds(10));
            return new EmbeddedBroker(owner, string.Join(',', metadata.Brokers.Select(b => $"{b.Host}:{b.Port}")));
        }
        catch
        {
            owner.Dispose();
            throw;
        }
    }

    /// <summary>Creates topics (a metadata request auto-creates them on the mock).</summary>
    public void CreateTopics(IEnumerable<string> topics)
    {
        foreach (var topic in topics)
        {
            var metadata = _owner.GetMetadata(topic, TimeSpan.FromSeconds(10));
            var error = metadata.Topics.Single().Error;
            if (error.IsError)
            {
                throw new KafkaException(error);
            }
        }
    }

    public void Dispose() => _owner.Dispose();
}
