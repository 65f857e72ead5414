using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Polly;
using ProfileUnifier.Ingestion.Pipeline;
using ProfileUnifier.Lake.Commit;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Ingestion.Kafka;

/// <summary>
/// A writer's batch of Kafka messages and its commit: takes messages in (skipping what the batch or the lake already
/// has), says when the batch is due, and commits it — lease check, rejected messages to their topic, the lake commit
/// with the partitions' next offsets as its txn actions, retried through <see cref="LakeRetry"/> — then, as a courtesy
/// for lag monitoring, the same offsets to Kafka. The lake's offsets are what makes it exactly once: a batch is in
/// the lake with its offsets or not at all, and a writer resumes from them.
/// </summary>
internal sealed class BatchCommitter
{
    // The metric's tag per outcome, made once rather than per message.
    private static readonly string[] OutcomeTags = [.. Enum.GetNames<LineOutcome>().Select(n => n.ToLowerInvariant())];

    private readonly LakeIngestor _ingestor;
    private readonly WriterLease _lease;
    private readonly RejectedPublisher _rejected;
    private readonly ResiliencePipeline _retry;
    private readonly WorkerDependencies _d;
    private readonly TimeProvider _clock;
    private long _batchStarted;

    public BatchCommitter(LakeIngestor ingestor, WriterLease lease, RejectedPublisher rejected, WorkerDependencies d)
    {
        _ingestor = ingestor;
        _lease = lease;
        _rejected = rejected;
        _d = d;
        _clock = d.Lake.Clock;
        _retry = LakeRetry.Create(d.Worker.LakeRetryTimeout, d.Logger, () => d.Metrics.CommitFailures.Add(1));
        Positions = new KafkaPositionTracker(ingestor.Progress.KafkaOffsets);
    }

    /// <summary>Where each partition resumes (the lake's offsets) and what the batch has taken since.</summary>
    public KafkaPositionTracker Positions { get; }

    /// <summary>The contract check of a message, the part of taking it that touches no state: safe on any thread.</summary>
    public CheckedLine Check(ConsumeResult<byte[]?, byte[]?> result)
    {
        var value = result.Message.Value ?? [];
        return _ingestor.Check(value, value.Length);
    }

    /// <summary>
    /// Puts a message checked by <see cref="Check"/> into the batch; false if the batch or the lake already has it (a
    /// re-read after a seek).
    /// </summary>
    public bool Take(ConsumeResult<byte[]?, byte[]?> result, CheckedLine line)
    {
        if (!Positions.Take(result.Topic, result.Partition.Value, result.Offset.Value))
        {
            return false;
        }

        var outcome = _ingestor.Take(line, SourcePosition.InKafka(result.Topic, result.Partition.Value, result.Offset.Value));
        if (outcome == LineOutcome.Rejected)
        {
            _rejected.Add(result, _ingestor.LastRejection!);
        }

        _d.Status.Count(outcome);
        _d.Metrics.Lines.Add(1, new KeyValuePair<string, object?>("outcome", OutcomeTags[(int)outcome]));
        if (_batchStarted == 0)
        {
            _batchStarted = _clock.GetTimestamp();
        }

        return true;
    }

    /// <summary>The batch is old, long or big enough to commit.</summary>
    public bool Due =>
        Positions.HasPending &&
        (_clock.GetElapsedTime(_batchStarted) >= _d.Worker.CommitInterval ||
         _ingestor.Pending >= _d.Worker.MaxBatchLines ||
         _ingestor.PendingBytes >= _d.Worker.MaxBatchBytes);

    /// <summary>Commits the batch to the lake, then its offsets to Kafka. Not cancellable: a stop waits for it (bounded by the retry timeout).</summary>
    public async Task CommitAsync(IConsumer<byte[]?, byte[]?> consumer)
    {
        if (await CommitToLakeAsync())
        {
            CommitToKafka(consumer);
        }
    }

    /// <summary>
    /// <see cref="CommitAsync"/> from inside a rebalance handler: librdkafka calls those inside Consume, on the consuming
    /// thread, and goes on when they return, so there is no await to give back to: the lake commit runs on the thread
    /// pool (so its continuations never need the blocked consuming thread) and this thread waits for it. Nothing else
    /// touches the batch meanwhile.
    /// </summary>
    public void Commit(IConsumer<byte[]?, byte[]?> consumer)
    {
        if (Task.Run(CommitToLakeAsync).GetAwaiter().GetResult())
        {
            CommitToKafka(consumer);
        }
    }

    /// <summary>
    /// The partitions are being revoked: the batch holds messages of them, so it is committed while they are still ours
    /// (the lake's offsets then say where their next owner starts), before the handler returns (<see cref="Commit"/>).
    /// </summary>
    public void CommitBeforeRevoke(IConsumer<byte[]?, byte[]?> consumer, IReadOnlyList<TopicPartitionOffset> partitions)
    {
        _d.Logger.LogInformation("Revoked {Count} partitions; committing the batch first", partitions.Count);
        Commit(consumer);
    }

    /// <summary>
    /// The partitions were lost (this consumer was dropped from the group): another member may read them already. Messages
    /// of them in the batch must not be committed by this one; the batch cannot give back part of what the identity engine
    /// saw, so if it holds any, the whole batch is abandoned (<see cref="PartitionsLostException"/>: the writer starts
    /// afresh from the lake's offsets, like a fenced one). A batch with none of them goes on.
    /// </summary>
    public void Lost(IReadOnlyList<TopicPartitionOffset> partitions)
    {
        var pending = Positions.PendingPositions;
        var dropped = partitions.Where(p => pending.Any(k => k.Topic == p.Topic && k.Partition == p.Partition.Value)).ToList();
        if (dropped.Count == 0)
        {
            _d.Logger.LogWarning("Lost {Count} partitions; the batch holds none of their messages", partitions.Count);
            return;
        }

        throw new PartitionsLostException(
            $"lost {string.Join(", ", dropped.Select(p => $"{p.Topic}[{p.Partition.Value}]"))} with messages of them in the uncommitted batch; " +
            "the batch is dropped and read again from the lake's offsets");
    }

    /// <summary>
    /// The lake commit; false if there was nothing to commit. It may run on another thread than the one taking messages
    /// (the worker overlaps it with reading and checking the next ones), as long as nothing is taken meanwhile.
    /// </summary>
    public async Task<bool> CommitToLakeAsync()
    {
        if (!Positions.HasPending)
        {
            return false;
        }

        if (!_lease.IsCurrent)
        {
            throw new LakeConflictException(TableNames.Touchpoints, -1, "another writer holds the lease now");
        }

        var started = _clock.GetTimestamp();
        // Rejected lines reach their topic before the batch is committed: at worst twice, never lost.
        await _retry.ExecuteAsync(async token => await _rejected.PublishAsync(token), CancellationToken.None);
        var positions = Positions.PendingPositions;
        var batch = await _retry.ExecuteAsync(async token => await _ingestor.CommitAsync([], positions, token), CancellationToken.None);
        Positions.MarkCommitted();
        _batchStarted = 0;
        _d.Status.Committed(batch.Batch, positions);
        _d.Metrics.Commits.Add(1);
        _d.Metrics.CommitDuration.Record(_clock.GetElapsedTime(started).TotalMilliseconds);
        return true;
    }

    /// <summary>The lake's offsets to Kafka, after <see cref="CommitToLakeAsync"/>: on the consuming thread.</summary>
    public void CommitToKafka(IConsumer<byte[]?, byte[]?> consumer)
    {
        try
        {
            // A courtesy for lag monitoring; the lake's log is what the worker resumes from.
            consumer.Commit(Positions.CommittedOffsets(consumer.Assignment));
        }
        catch (KafkaException ex)
        {
            _d.Logger.LogWarning("Could not commit offsets to Kafka (the lake has them): {Reason}", ex.Error.Reason);
        }
    }
}

/// <summary>Partitions with messages in the uncommitted batch were lost to the group: the batch is abandoned, not committed.</summary>
public sealed class PartitionsLostException(string message) : Exception(message);
