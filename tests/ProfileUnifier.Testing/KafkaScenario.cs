using Confluent.Kafka;
using ProfileUnifier.Ingestion.Kafka;

namespace ProfileUnifier.Testing;

/// <summary>Fresh topic and group names for one test, mapped from the contract's names.</summary>
public sealed class KafkaScenario(KafkaBroker broker)
{
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..10];

    public KafkaBroker Broker { get; } = broker;

    public string GroupId => $"profileunifier-{_suffix}";

    public IReadOnlyList<string> Topics => [.. KafkaTopics.Sources.Select(TopicOf)];

    public string RejectedTopic => TopicOf(KafkaTopics.Rejected);

    public string TopicOf(string contractTopic) => $"{contractTopic}.{_suffix}";

    public async Task<KafkaScenario> CreateAsync()
    {
        await Broker.CreateTopicsAsync([.. Topics, RejectedTopic]);
        return this;
    }

    public KafkaOptions Options() => new()
    {
        BootstrapServers = Broker.BootstrapServers,
        GroupId = GroupId,
        Topics = [.. Topics],
        RejectedTopic = RejectedTopic,
        GroupProtocol = Broker.GroupProtocol,
    };

    public IProducer<byte[]?, byte[]?> Producer() => new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig
    {
        BootstrapServers = Broker.BootstrapServers,
        LingerMs = 5,
        CompressionType = CompressionType.Lz4,
        EnableIdempotence = true,
    }).SetLogHandler((_, _) => { }).Build();

    /// <summary>The end offset of every partition of the source topics (what a caught-up worker must have committed).</summary>
    public Dictionary<(string Topic, int Partition), long> EndOffsets()
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = Broker.BootstrapServers, GroupId = GroupId + "-probe" })
            .SetLogHandler((_, _) => { }).Build();
        var ends = new Dictionary<(string, int), long>();
        foreach (var topic in Topics)
        {
            for (var p = 0; p < 4; p++)
            {
                var high = consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value;
                if (high > 0)
                {
                    ends[(topic, p)] = high;
                }
            }
        }

        return ends;
    }

    /// <summary>Every message of the rejected topic: headers by name, value as text.</summary>
    public List<(Dictionary<string, string> Headers, string Value)> ReadRejected(int expected, TimeSpan timeout) =>
        [.. Read(RejectedTopic, expected, timeout).Select(m => (m.Headers, m.Value))];

    /// <summary>
    /// The messages of a topic from its start: key and value as text, headers by name. Reads until
    /// <paramref name="expected"/> arrived or the time is up, then a little longer to catch any beyond.
    /// </summary>
    public List<(string? Key, string Value, Dictionary<string, string> Headers)> Read(string topic, int expected, TimeSpan timeout)
    {
        static (string?, string, Dictionary<string, string>) Text(ConsumeResult<byte[]?, byte[]?> r) => (
            r.Message.Key is null ? null : System.Text.Encoding.UTF8.GetString(r.Message.Key),
            System.Text.Encoding.UTF8.GetString(r.Message.Value ?? []),
            (r.Message.Headers ?? []).ToDictionary(h => h.Key, h => System.Text.Encoding.UTF8.GetString(h.GetValueBytes())));

        var messages = new List<(string?, string, Dictionary<string, string>)>();
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = Broker.BootstrapServers,
            GroupId = $"{GroupId}-{topic}-{Guid.NewGuid():N}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            GroupProtocol = Broker.GroupProtocol == "consumer" ? GroupProtocol.Consumer : GroupProtocol.Classic,
        }).SetLogHandler((_, _) => { }).Build();
        consumer.Subscribe(topic);
        var deadline = DateTime.UtcNow + timeout;
        while (messages.Count < expected && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } result)
            {
                messages.Add(Text(result));
            }
        }

        while (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { } extra)
        {
            messages.Add(Text(extra));
        }

        consumer.Close();
        return messages;
    }
}
