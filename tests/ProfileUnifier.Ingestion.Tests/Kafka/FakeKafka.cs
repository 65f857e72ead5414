using System.Collections.Concurrent;
using System.Reflection;
using Confluent.Kafka;
using ProfileUnifier.Ingestion.Kafka;

namespace ProfileUnifier.Ingestion.Tests.Kafka;

/// <summary>
/// Kafka in memory behind <see cref="IKafkaClientFactory"/>: partition logs the worker's consumers read (<see cref="FakeConsumer"/>),
/// group events scripted to happen after so many messages were delivered, and what the producer sent.
/// </summary>
internal sealed class FakeKafka : IKafkaClientFactory
{
    private readonly Queue<(long After, Action<FakeConsumer> Run)> _events = [];

    public FakeKafka(IEnumerable<(TopicPartition Partition, byte[] Message)> messages)
    {
        foreach (var (partition, message) in messages)
        {
            if (!Logs.TryGetValue(partition, out var log))
            {
                Logs[partition] = log = [];
            }

            log.Add(message);
        }
    }

    /// <summary>Lines spread over <paramref name="partitions"/> in turn.</summary>
    public static FakeKafka Spread(IReadOnlyList<byte[]> lines, params TopicPartition[] partitions) =>
        new(lines.Select((line, i) => (partitions[i % partitions.Length], line)));

    public Dictionary<TopicPartition, List<byte[]>> Logs { get; } = [];

    private readonly List<FakeConsumer> _consumers = [];

    /// <summary>The consumers the worker created, in order (one per stint as the writer).</summary>
    public IReadOnlyList<FakeConsumer> Consumers
    {
        get
        {
            lock (_consumers)
            {
                return [.. _consumers];
            }
        }
    }

    public ConcurrentQueue<(string Topic, Message<byte[]?, byte[]?> Message)> Produced { get; } = [];

    /// <summary>Sends that fail before the producer's first success: a failed delivery, or a throw at the send.</summary>
    public int ProduceFailures { get; set; }

    /// <summary>Whether a failing send throws (a full producer queue) rather than fails its delivery.</summary>
    public bool ProduceFailuresThrow { get; set; }

    private int _produceAttempts;

    /// <summary>Sends tried, failed ones included.</summary>
    public int ProduceAttempts => _produceAttempts;

    internal bool NextProduceFails() => Interlocked.Increment(ref _produceAttempts) <= ProduceFailures;

    /// <summary>Messages delivered by all consumers so far (re-reads included).</summary>
    public long Delivered { get; internal set; }

    public IReadOnlyDictionary<(string Topic, int Partition), long> Ends =>
        Logs.ToDictionary(l => (l.Key.Topic, l.Key.Partition.Value), l => (long)l.Value.Count);

    /// <summary>Runs <paramref name="run"/> inside the Consume call that would deliver message number <paramref name="after"/> + 1.</summary>
    public FakeKafka After(long after, Action<FakeConsumer> run)
    {
        _events.Enqueue((after, run));
        return this;
    }

    internal Action<FakeConsumer>? DueEvent()
    {
        lock (_events)
        {
            return _events.TryPeek(out var next) && next.After <= Delivered ? _events.Dequeue().Run : null;
        }
    }

    public IConsumer<byte[]?, byte[]?> CreateConsumer(ConsumerConfig config, KafkaConsumerHandlers handlers)
    {
        var consumer = new FakeConsumer(this, handlers, config);
        lock (_consumers)
        {
            _consumers.Add(consumer);
        }

        return consumer;
    }

    public IProducer<byte[]?, byte[]?> CreateProducer(ProducerConfig config)
    {
        var producer = DispatchProxy.Create<IProducer<byte[]?, byte[]?>, FakeProducer>();
        ((FakeProducer)(object)producer).Kafka = this;
        return producer;
    }
}
