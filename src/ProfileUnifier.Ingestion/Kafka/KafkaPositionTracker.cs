using Confluent.Kafka;
using ProfileUnifier.Lake.Groups;

namespace ProfileUnifier.Ingestion.Kafka;

/// <summary>
/// Where reading each partition resumes. The lake's commit log is the truth: on assignment a partition
/// starts at the offset the log last recorded for it (not at Kafka's committed offset), and each commit
/// records one past the last message its batch took. Kafka's own committed offsets follow, for lag monitoring. A batch
/// sealed for its commit (<see cref="Seal"/>) keeps its positions apart from what the next batch takes meanwhile.
/// </summary>
public sealed class KafkaPositionTracker(IReadOnlyDictionary<(string Topic, int Partition), long> committed)
{
    private readonly Dictionary<(string Topic, int Partition), long> _committed = new(committed);
    private readonly Dictionary<(string Topic, int Partition), long> _pending = [];

    // The positions of the batch sealed and being committed (until MarkCommitted).
    private readonly Dictionary<(string Topic, int Partition), long> _sealed = [];

    // The partition of the last message taken and the offset it expects next, not yet written to _pending (-1: none).
    // Messages come in runs of one partition; two or three lookups of a (topic, partition) key per message (hashing the
    // topic's name, a new string each time) were 6 % of the consuming thread's time.
    private (string Topic, int Partition) _last;
    private long _lastNext = -1;
    private bool _lastTaken;

    public bool HasPending => _lastTaken || _pending.Count > 0;

    /// <summary>Where each newly assigned partition starts: the lake's offset, or the beginning if it has none.</summary>
    public IEnumerable<TopicPartitionOffset> StartOffsets(IEnumerable<TopicPartition> assigned) =>
        assigned.Select(tp => new TopicPartitionOffset(tp,
            _committed.TryGetValue((tp.Topic, tp.Partition.Value), out var offset) ? new Offset(offset) : Offset.Beginning)).ToList();

    /// <summary>
    /// Records that a message goes into the batch; false if the batch (or the lake) already has it — a
    /// consumer re-read after a seek, not a new line.
    /// </summary>
    public bool Take(string topic, int partition, long offset)
    {
        if (_lastNext < 0 || partition != _last.Partition || !string.Equals(topic, _last.Topic, StringComparison.Ordinal))
        {
            Flush();
            var key = (topic, partition);
            _lastNext = _pending.TryGetValue(key, out var pending) ? pending
                : _sealed.TryGetValue(key, out var sealedAt) ? sealedAt
                : _committed.GetValueOrDefault(key, 0);
            _last = key;
        }

        if (offset < _lastNext)
        {
            return false;
        }

        _lastNext = offset + 1;
        _lastTaken = true;
        return true;
    }

    /// <summary>The positions the next commit records: one past the last message taken, per partition.</summary>
    public IReadOnlyList<KafkaPosition> PendingPositions
    {
        get
        {
            Flush();
            return [.. _pending.OrderBy(p => p.Key.Topic, StringComparer.Ordinal).ThenBy(p => p.Key.Partition)
                .Select(p => new KafkaPosition(p.Key.Topic, p.Key.Partition, p.Value))];
        }
    }

    /// <summary>
    /// The batch's positions, sealed for its commit: what is taken from here on is the next batch's (<see cref="PendingPositions"/>).
    /// </summary>
    public IReadOnlyList<KafkaPosition> Seal()
    {
        var positions = PendingPositions;
        foreach (var (key, offset) in _pending)
        {
            _sealed[key] = offset;
        }

        _pending.Clear();
        return positions;
    }

    /// <summary>The sealed batch's positions are in the lake now.</summary>
    public void MarkCommitted()
    {
        foreach (var (key, offset) in _sealed)
        {
            _committed[key] = offset;
        }

        _sealed.Clear();
    }

    /// <summary>Offsets to commit to Kafka for these partitions (the ones the lake has).</summary>
    public IReadOnlyList<TopicPartitionOffset> CommittedOffsets(IEnumerable<TopicPartition> partitions) =>
        [.. partitions.Where(tp => _committed.ContainsKey((tp.Topic, tp.Partition.Value)))
            .Select(tp => new TopicPartitionOffset(tp, new Offset(_committed[(tp.Topic, tp.Partition.Value)])))];

    public long? CommittedOffset(string topic, int partition) =>
        _committed.TryGetValue((topic, partition), out var offset) ? offset : null;

    /// <summary>Writes the last partition's position to <see cref="_pending"/> if a message of it was taken since.</summary>
    private void Flush()
    {
        if (_lastTaken)
        {
            _pending[_last] = _lastNext;
            _lastTaken = false;
        }
    }
}
