using Confluent.Kafka;
using ProfileUnifier.Ingestion.Kafka;

namespace ProfileUnifier.Ingestion.Tests.Kafka;

/// <summary>
/// A consumer over <see cref="FakeKafka"/>'s logs that calls the worker's handlers where librdkafka would: inside Consume
/// (the assignment after Subscribe, the scripted revocations, losses and errors), and a revocation on Close.
/// </summary>
internal sealed class FakeConsumer(FakeKafka kafka, KafkaConsumerHandlers handlers, ConsumerConfig config) : IConsumer<byte[]?, byte[]?>
{
    /// <summary>The settings the worker made this consumer with.</summary>
    public ConsumerConfig Config { get; } = config;

    private readonly Dictionary<TopicPartition, long> _positions = [];
    private bool _subscribed, _closed;
    private int _next;

    /// <summary>Where each partition was started at each assignment (as the worker's handler said).</summary>
    public List<TopicPartitionOffset> Starts { get; } = [];

    /// <summary>The offsets the worker committed to Kafka, latest per partition.</summary>
    public Dictionary<TopicPartition, long> KafkaCommits { get; } = [];

    /// <summary>Read every partition to its end (asked from another thread than the worker's).</summary>
    public bool AtEnd
    {
        get
        {
            lock (_positions)
            {
                return _positions.Count == kafka.Logs.Count && _positions.All(p => p.Value >= kafka.Logs[p.Key].Count);
            }
        }
    }

    public List<TopicPartition> Assignment => [.. _positions.Keys];

    public IReadOnlyDictionary<TopicPartition, long> Positions => _positions;

    public ConsumeResult<byte[]?, byte[]?>? Consume(TimeSpan timeout)
    {
        lock (_positions)
        {
            var result = Next();
            if (result is not null)
            {
                return result;
            }
        }

        Thread.Sleep(TimeSpan.FromMilliseconds(Math.Min(5, timeout.TotalMilliseconds)));
        return null;
    }

    private ConsumeResult<byte[]?, byte[]?>? Next()
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        if (_subscribed && _positions.Count == 0 && Starts.Count == 0)
        {
            Reassign(kafka.Logs.Keys);
        }

        kafka.DueEvent()?.Invoke(this);
        var assigned = _positions.Keys.ToList();
        for (var i = 0; i < assigned.Count; i++)
        {
            var partition = assigned[(_next + i) % assigned.Count];
            var offset = _positions[partition];
            if (offset < kafka.Logs[partition].Count)
            {
                _next = (_next + i + 1) % assigned.Count;
                _positions[partition] = offset + 1;
                kafka.Delivered++;
                return new ConsumeResult<byte[]?, byte[]?>
                {
                    TopicPartitionOffset = new TopicPartitionOffset(partition, offset),
                    Message = new Message<byte[]?, byte[]?> { Value = kafka.Logs[partition][(int)offset] },
                };
            }
        }

        return null;
    }

    /// <summary>The group gives partitions to this consumer: the worker says where each starts.</summary>
    public void Reassign(IEnumerable<TopicPartition> partitions)
    {
        foreach (var start in handlers.Assigned([.. partitions]))
        {
            Starts.Add(start);
            _positions[start.TopicPartition] = start.Offset == Offset.Beginning ? 0 : start.Offset.Value;
        }
    }

    /// <summary>The group takes partitions away in a rebalance: they are the worker's until the handler returns.</summary>
    public void Revoke(IEnumerable<TopicPartition> partitions) => TakeAway(partitions, handlers.Revoked);

    /// <summary>The partitions were lost (this consumer dropped from the group).</summary>
    public void Lose(IEnumerable<TopicPartition> partitions) => TakeAway(partitions, handlers.Lost);

    public void Fail(Error error) => handlers.Error(error);

    private void TakeAway(IEnumerable<TopicPartition> partitions, Action<IReadOnlyList<TopicPartitionOffset>> handler)
    {
        var gone = partitions.Select(p => new TopicPartitionOffset(p, _positions[p])).ToList();
        try
        {
            handler(gone);
        }
        finally
        {
            gone.ForEach(p => _positions.Remove(p.TopicPartition));
        }
    }

    public void Subscribe(IEnumerable<string> topics) => _subscribed = true;

    public void Close()
    {
        if (_closed)
        {
            return;
        }

        if (_positions.Count > 0)
        {
            Revoke(_positions.Keys.ToList());
        }

        _closed = true;
    }

    public void Commit(IEnumerable<TopicPartitionOffset> offsets)
    {
        foreach (var offset in offsets)
        {
            KafkaCommits[offset.TopicPartition] = offset.Offset.Value;
        }
    }

    public void Seek(TopicPartitionOffset tpo) => _positions[tpo.TopicPartition] = tpo.Offset.Value;

    public WatermarkOffsets QueryWatermarkOffsets(TopicPartition topicPartition, TimeSpan timeout) => GetWatermarkOffsets(topicPartition);

    public WatermarkOffsets GetWatermarkOffsets(TopicPartition topicPartition) => new(0, kafka.Logs[topicPartition].Count);

    public Offset Position(TopicPartition partition) => _positions.TryGetValue(partition, out var offset) ? offset : Offset.Unset;

    public void Dispose() => _closed = true;

    // The rest of the interface the worker does not use.
    public string MemberId => "fake";
    public List<string> Subscription => [];
    public IConsumerGroupMetadata ConsumerGroupMetadata => throw new NotSupportedException();
    public Handle Handle => throw new NotSupportedException();
    public string Name => "fake";
    public int AddBrokers(string brokers) => throw new NotSupportedException();
    public void SetSaslCredentials(string username, string password) => throw new NotSupportedException();
    public ConsumeResult<byte[]?, byte[]?> Consume(int millisecondsTimeout) => throw new NotSupportedException();
    public ConsumeResult<byte[]?, byte[]?> Consume(CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public void Subscribe(string topic) => throw new NotSupportedException();
    public void Unsubscribe() => throw new NotSupportedException();
    public void Assign(TopicPartition partition) => throw new NotSupportedException();
    public void Assign(TopicPartitionOffset partition) => throw new NotSupportedException();
    public void Assign(IEnumerable<TopicPartitionOffset> partitions) => throw new NotSupportedException();
    public void Assign(IEnumerable<TopicPartition> partitions) => throw new NotSupportedException();
    public void IncrementalAssign(IEnumerable<TopicPartitionOffset> partitions) => throw new NotSupportedException();
    public void IncrementalAssign(IEnumerable<TopicPartition> partitions) => throw new NotSupportedException();
    public void IncrementalUnassign(IEnumerable<TopicPartition> partitions) => throw new NotSupportedException();
    public void Unassign() => throw new NotSupportedException();
    public void StoreOffset(ConsumeResult<byte[]?, byte[]?> result) => throw new NotSupportedException();
    public void StoreOffset(TopicPartitionOffset offset) => throw new NotSupportedException();
    public List<TopicPartitionOffset> Commit() => throw new NotSupportedException();
    public void Commit(ConsumeResult<byte[]?, byte[]?> result) => throw new NotSupportedException();
    public void Pause(IEnumerable<TopicPartition> partitions) => throw new NotSupportedException();
    public void Resume(IEnumerable<TopicPartition> partitions) => throw new NotSupportedException();
    public List<TopicPartitionOffset> Committed(TimeSpan timeout) => throw new NotSupportedException();
    public List<TopicPartitionOffset> Committed(IEnumerable<TopicPartition> partitions, TimeSpan timeout) => throw new NotSupportedException();
    public List<TopicPartitionOffset> OffsetsForTimes(IEnumerable<TopicPartitionTimestamp> timestampsToSearch, TimeSpan timeout) => throw new NotSupportedException();
}
