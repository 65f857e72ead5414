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
/// <remarks>
/// A commit is in three steps so the worker can take the next batch while one commits: <see cref="Seal"/> on the taking
/// thread (the batch, its positions and rejected messages set apart), <see cref="CommitToLakeAsync"/> on any thread
/// (touching nothing the taking does), <see cref="FinishAsync"/> back on the taking thread (positions marked committed,
/// offsets to Kafka, housekeeping). One sealed batch at a time.
/// </remarks>
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
        var line = _ingestor.Check(value, value.Length);
        if (line.Result.IsAccepted)
        {
            // Read: from here on the batch needs the checked event only (a rejected message is published as it came). The
            // message waits among thousands read ahead, and its bytes went through every young collection with it.
            result.Message.Value = null;
        }

        return line;
    }

    /// <summary>Before <see cref="Take"/> of <c>lines[next]</c>: see <see cref="LakeIngestor.PrefetchAhead"/>.</summary>
    public void PrefetchAhead(ReadOnlySpan<CheckedLine> lines, int next) => _ingestor.PrefetchAhead(lines, next);

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
        if (Positions.HasPending)
        {
            var batch = Seal();
            await CommitToLakeAsync(batch);
            await FinishAsync(consumer, batch);
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
        if (Positions.HasPending)
        {
            var batch = Seal();
            Task.Run(() => CommitToLakeAsync(batch)).GetAwaiter().GetResult();
            Finish(consumer, batch);
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
    /// Ends the batch (it has messages: <see cref="KafkaPositionTracker.HasPending"/>): it, its positions and its rejected
    /// messages are set apart for <see cref="CommitToLakeAsync"/>; what is taken from here on is the next batch. On the taking
    /// thread, with no sealed batch in flight.
    /// </summary>
    public SealedKafkaBatch Seal()
    {
        var positions = Positions.Seal();
        var batch = _ingestor.Seal([], positions);
        _batchStarted = 0;
        return new SealedKafkaBatch(batch, _rejected.Seal(), _ingestor.MaintenanceDue(batch.Number));
    }

    /// <summary>
    /// The lake commit of a sealed batch: lease check, its rejected messages to their topic, the lake commit, each retried
    /// (<see cref="LakeRetry"/>: a retry commits the same batch, once). Touches nothing of the batch being taken, so it may
    /// run on another thread meanwhile.
    /// </summary>
    public async Task CommitToLakeAsync(SealedKafkaBatch batch)
    {
        if (!_lease.IsCurrent)
        {
            throw new LakeConflictException(TableNames.Touchpoints, -1, "another writer holds the lease now");
        }

        var started = _clock.GetTimestamp();
        // Rejected lines reach their topic before the batch is committed: at worst twice, never lost.
        await _retry.ExecuteAsync(async token => await _rejected.PublishAsync(batch.Rejected, token), CancellationToken.None);
        var committed = await _retry.ExecuteAsync(async token => await _ingestor.CommitAsync(batch.Lake, token), CancellationToken.None);
        _d.Status.Committed(committed.Batch, batch.Lake.Kafka);
        _d.Metrics.Commits.Add(1);
        _d.Metrics.CommitDuration.Record(_clock.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>
    /// After <see cref="CommitToLakeAsync"/>, on the taking thread: the batch's positions are the lake's now, its offsets go
    /// to Kafka, and the housekeeping due when it was sealed is done (nothing was taken since: see <see cref="SealedKafkaBatch.MaintainAfter"/>).
    /// </summary>
    public async Task FinishAsync(IConsumer<byte[]?, byte[]?> consumer, SealedKafkaBatch batch)
    {
        Committed(consumer);
        if (batch.MaintainAfter)
        {
            await MaintainAsync();
        }
    }

    /// <summary>
    /// <see cref="FinishAsync"/> from inside a rebalance handler (as <see cref="Commit"/>): the housekeeping runs on the
    /// thread pool while this thread, which takes nothing meanwhile, waits.
    /// </summary>
    public void Finish(IConsumer<byte[]?, byte[]?> consumer, SealedKafkaBatch batch)
    {
        Committed(consumer);
        if (batch.MaintainAfter)
        {
            Task.Run(MaintainAsync).GetAwaiter().GetResult();
        }
    }

    private void Committed(IConsumer<byte[]?, byte[]?> consumer)
    {
        Positions.MarkCommitted();
        CommitToKafka(consumer);
    }

    private async Task MaintainAsync() =>
        await _retry.ExecuteAsync(async token => await _ingestor.MaintainAsync(Maintenance.WhenDue, token), CancellationToken.None);

    private void CommitToKafka(IConsumer<byte[]?, byte[]?> consumer)
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
