using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using ProfileUnifier.Ingestion.Pipeline;
using ProfileUnifier.Lake.Commit;
using ProfileUnifier.Lake.Groups;

namespace ProfileUnifier.Ingestion.Kafka;

/// <summary>
/// One stint as the lake's writer: opens the ingestor (taking over a standby's warm state), starts every
/// partition at the offset the lake recorded — refusing, or recording, a gap the broker's retention left — and
/// has its <see cref="BatchCommitter"/> commit a batch when it is old, long or big enough, before a rebalance takes
/// partitions away, and on shutdown; a batch with messages of lost partitions is dropped, a fatal Kafka error ends the
/// stint with nothing half committed. A commit, once started, is finished even if a stop is asked for meanwhile.
/// Runs on the worker's own thread (<see cref="WorkerThread"/>), as a pipeline: that thread consumes, messages are
/// checked in blocks on the thread pool (<see cref="CheckingQueue"/>), and the thread takes them into the batch in the
/// order read; a due batch is sealed on the thread (<see cref="BatchCommitter.Seal"/>) and its lake commit (its files'
/// last encoding, the group commit) runs on the thread pool while the thread reads, checks and takes the next batch — the
/// identity engine and the batch being taken are the thread's alone. One sealed batch at a time: the next waits for its
/// commit, and a batch followed by housekeeping (which reads the engine as of it) has nothing taken until that is done.
/// Before a rebalance handler or a stop acts on the batch, the pipeline is drained: the commit under way finished, every
/// message consumed taken.
/// </summary>
internal sealed class WorkerSession
{
    // Messages checked per block at most (as in ingest).
    private const int CheckBlock = 1024;

    // With nothing to read, how long to wait for a check or a commit before looking for new messages again.
    private static readonly TimeSpan IdleWait = TimeSpan.FromMilliseconds(20);

    // With nothing at all to do, how long a Consume waits for a message. Also how late a stop is seen (Consume has no
    // wake-up): at 100 ms, a worker stopped once it had read everything sat idle ~0.1 s before committing the last batch.
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(20);

    private readonly WorkerDependencies _d;
    private readonly WriterLease _lease;
    private readonly CancellationToken _stopping;
    private readonly LakeIngestor _ingestor;
    private readonly BatchCommitter _batch;
    private readonly IProducer<byte[]?, byte[]?> _producer;
    private readonly TimeProvider _clock;
    private readonly CheckingQueue _checking;
    private IConsumer<byte[]?, byte[]?>? _consumer;
    private long _handOffChecked;
    private bool _broken;

    // The sealed batch and its lake commit under way on the thread pool, until the loop sees it done.
    private SealedKafkaBatch? _sealed;
    private Task? _committing;

    private WorkerSession(WorkerDependencies d, WriterLease lease, LakeIngestor ingestor, CancellationToken stopping)
    {
        _d = d;
        _lease = lease;
        _stopping = stopping;
        _ingestor = ingestor;
        _clock = d.Lake.Clock;
        var progress = ingestor.Progress;
        d.Status.Committed(progress.Batch, progress.KafkaOffsets.Select(o => new KafkaPosition(o.Key.Topic, o.Key.Partition, o.Value)), byThisWorker: false);
        _producer = d.Clients.CreateProducer(ProducerConfig());
        _batch = new BatchCommitter(ingestor, lease, new RejectedPublisher(_producer, d.Kafka.RejectedTopic), d);
        var block = Math.Min(CheckBlock, d.Worker.MaxReadAhead);
        _checking = new CheckingQueue(_batch.Check, block, Math.Max(1, d.Worker.MaxReadAhead / block), _batch.PrefetchAhead);
    }

    /// <summary>Opens the ingestor (finishing what a crash left, taking over <paramref name="warm"/>) for a stint as the writer.</summary>
    public static async Task<WorkerSession> OpenAsync(WorkerDependencies d, WriterLease lease, IdentityState? warm, CancellationToken stopping)
    {
        var ingestor = await LakeIngestor.OpenAsync(d.Lake, d.Rules, d.Ingest, new WriterIdentity(lease.Owner, lease.Epoch), d.Logger, null, stopping,
            warm, d.Privacy);
        return new WorkerSession(d, lease, ingestor, stopping);
    }

    private KafkaPositionTracker Positions => _batch.Positions;

    /// <summary>Writes until stopped (false) or until another process asks for the lake (true: the lease is to be handed over).</summary>
    public async Task<bool> RunAsync()
    {
        try
        {
            _consumer = _d.Clients.CreateConsumer(ConsumerConfig(), new KafkaConsumerHandlers(Assigned, Revoked, OnError, Lost));
            _consumer.Subscribe(_d.Kafka.Topics);
            var handOff = await LoopAsync();
            // Stopping (or handing over): what was read is committed, the snapshot tables and the identity state brought up
            // to date, then the group is left cleanly.
            Drain();
            await _batch.CommitAsync(_consumer);
            await _ingestor.MaintainAsync(Maintenance.Shutdown, CancellationToken.None);
            if (handOff is null)
            {
                _d.Logger.LogInformation("Stopped: everything read is in the lake (batch {Batch})", _ingestor.Progress.Batch);
            }
            else
            {
                _d.Logger.LogInformation("Handing the lake over to {Requester}: everything read is in the lake (batch {Batch})", handOff, _ingestor.Progress.Batch);
            }

            _consumer.Close();
            return handOff is not null;
        }
        catch
        {
            // Leave the group now rather than after a session timeout, so a successor gets the partitions at once; a lake
            // commit under way is let finish first (whole, or not at all), so no successor's overlaps it.
            _broken = true;
            if (_committing is not null)
            {
                Task.WaitAny(_committing);
            }

            CloseQuietly();
            throw;
        }
        finally
        {
            _consumer?.Dispose();
            _producer.Flush(TimeSpan.FromSeconds(10));
            _producer.Dispose();
        }
    }

    private List<TopicPartitionOffset> Assigned(IReadOnlyList<TopicPartition> partitions)
    {
        // The positions (and a retention gap's row) are the batch's: not while a commit is under way.
        Drain();
        var start = Positions.StartOffsets(partitions).Select(CheckRetention).ToList();
        _d.Logger.LogInformation("Assigned {Partitions}", string.Join(", ", start.Select(s => $"{s.Topic}[{s.Partition.Value}]@{s.Offset}")));
        return start;
    }

    /// <summary>
    /// A partition whose offset in the lake the broker no longer has: the messages between were deleted unread.
    /// Stops the worker, or (if configured) records the gap and starts at the earliest message.
    /// </summary>
    private TopicPartitionOffset CheckRetention(TopicPartitionOffset start)
    {
        if (start.Offset.IsSpecial)
        {
            return start;
        }

        var low = _consumer!.QueryWatermarkOffsets(start.TopicPartition, TimeSpan.FromSeconds(10)).Low;
        if (low.IsSpecial || start.Offset.Value >= low.Value)
        {
            return start;
        }

        return Gap(start.Topic, start.Partition.Value, start.Offset.Value, low.Value);
    }

    private TopicPartitionOffset Gap(string topic, int partition, long from, long to)
    {
        var what = $"{topic}[{partition}]: the lake has read up to offset {from}, the broker's earliest is {to}; " +
                   $"messages {from}..{to - 1} were deleted by retention before they were read";
        if (_d.Worker.OnRetentionGap == RetentionGapPolicy.Fail)
        {
            throw new RetentionGapException($"{what}. Set Worker:OnRetentionGap=Record to record the gap in the lake and go on.");
        }

        _d.Logger.LogWarning("Retention gap recorded in the rejected table: {What}", what);
        _ingestor.RecordRetentionGap(topic, partition, from, to);
        Positions.Take(topic, partition, to - 1);
        return new TopicPartitionOffset(topic, partition, to);
    }

    private void Revoked(IReadOnlyList<TopicPartitionOffset> partitions)
    {
        if (_broken)
        {
            // Failing already: the next writer starts from the lake's last commit.
            return;
        }

        Drain();
        _batch.CommitBeforeRevoke(_consumer!, partitions);
    }

    private void Lost(IReadOnlyList<TopicPartitionOffset> partitions)
    {
        if (!_broken)
        {
            Drain();
            _batch.Lost(partitions);
        }
    }

    private void OnError(Error error)
    {
        if (error.IsFatal)
        {
            throw new KafkaException(error);
        }

        _d.Logger.LogWarning("Kafka: {Reason}", error.Reason);
    }

    private void CloseQuietly()
    {
        try
        {
            _consumer?.Close();
        }
        catch (KafkaException ex)
        {
            _d.Logger.LogWarning("Could not leave the group cleanly: {Reason}", ex.Error.Reason);
        }
    }

    /// <summary>Reads and commits until stopped (null) or asked for the lake (the requester).</summary>
    private async Task<string?> LoopAsync()
    {
        var status = _clock.GetTimestamp();
        while (!_stopping.IsCancellationRequested)
        {
            // While a block is being filled the loop only reads: the rest (a hand-over asked for, the commit under way,
            // taking checked messages, the status) is looked at once a block, or when there is nothing more to read. Once
            // a message, its three clock readings alone were 8 % of this thread's time (bench row 3, `perf`).
            if (!_checking.Filling && HandOffRequested() is { } requester)
            {
                return requester;
            }

            ConsumeResult<byte[]?, byte[]?>? result;
            try
            {
                // Blocks this thread (the worker's own, see WorkerThread) for at most a moment, not at all while there is other
                // work to get on with; rebalance handlers run inside.
                result = _consumer!.Consume(_committing is null && _checking.IsEmpty ? IdlePoll : TimeSpan.Zero);
            }
            catch (ConsumeException ex) when (ex.Error.Code == ErrorCode.Local_AutoOffsetReset)
            {
                // The broker deleted the next message to read while this worker was reading (auto.offset.reset=error).
                Drain();
                OffsetOutOfRange(ex.ConsumerRecord?.TopicPartitionOffset);
                continue;
            }
            catch (ConsumeException ex) when (!ex.Error.IsFatal)
            {
                // Unknown topic (not created yet), broker transport hiccups: librdkafka retries on its own.
                _d.Logger.LogWarning("Kafka: {Reason}", ex.Error.Reason);
                continue;
            }

            if (result is { IsPartitionEOF: false })
            {
                _checking.Add(result);
                if (_checking.Filling)
                {
                    continue;
                }
            }
            else
            {
                // Nothing more to read for now: check what was read, and wait a little for the check or the commit under way.
                _checking.Send();
                await WaitForWorkAsync(IdleWait);
            }

            await FinishCommitAsync();
            TakeChecked();
            while (_checking.IsFull)
            {
                // Read far enough ahead: no more until some is taken.
                await WaitForWorkAsync(Timeout.InfiniteTimeSpan);
                await FinishCommitAsync();
                TakeChecked();
            }

            if (_clock.GetElapsedTime(status) >= _d.Worker.StatusInterval)
            {
                ReportStatus();
                status = _clock.GetTimestamp();
            }
        }

        return null;
    }

    /// <summary>
    /// Until there is work again (the commit under way is done, or the oldest block is checked and may be taken), or at most
    /// <paramref name="patience"/>. A failed commit is not thrown here but where it is finished.
    /// </summary>
    private async Task WaitForWorkAsync(TimeSpan patience)
    {
        var oldest = CanTake ? _checking.Oldest : null;
        // Nothing under way (the Consume before this waited for messages already), or something done already.
        if ((_committing is null && oldest is null) || _committing is { IsCompleted: true } || oldest is { IsCompleted: true })
        {
            return;
        }

        Task[] work = [.. new[] { _committing, oldest }.OfType<Task>(), Task.Delay(patience)];
        await Task.WhenAny(work);
    }

    /// <summary>
    /// Whether a message may be taken now: not into a batch due while the one before it commits (one sealed batch at a
    /// time), nor while a batch followed by housekeeping commits.
    /// </summary>
    private bool CanTake => _sealed is null || (!_sealed.MaintainAfter && !_batch.Due);

    /// <summary>Takes the checked messages into the batch (while <see cref="CanTake"/>), sealing it and starting its commit when due.</summary>
    private void TakeChecked()
    {
        while (CanTake && _checking.TryNext(wait: false, out var message, out var line))
        {
            _batch.Take(message, line);
            StartCommitIfDue();
        }

        StartCommitIfDue();
    }

    private void StartCommitIfDue()
    {
        if (_committing is null && _batch.Due)
        {
            var batch = _batch.Seal();
            _sealed = batch;
            _committing = Task.Run(() => _batch.CommitToLakeAsync(batch));
        }
    }

    /// <summary>The commit under way, if done: its failure rethrown here, then finished on this thread (<see cref="BatchCommitter.FinishAsync"/>).</summary>
    private async Task FinishCommitAsync()
    {
        if (_committing is not { IsCompleted: true } done)
        {
            return;
        }

        var batch = _sealed!;
        (_committing, _sealed) = (null, null);
        await done;
        await _batch.FinishAsync(_consumer!, batch);
    }

    /// <summary>
    /// Empties the pipeline into the batch: waits for the commit under way, then takes every message consumed (committing
    /// when the batch gets due), so that what a rebalance handler or a stop does with the batch covers everything read.
    /// Blocks (inside Consume there is no await to give back to); what it waits for runs on the thread pool.
    /// </summary>
    private void Drain()
    {
        if (_committing is { } committing)
        {
            var batch = _sealed!;
            (_committing, _sealed) = (null, null);
            committing.GetAwaiter().GetResult();
            _batch.Finish(_consumer!, batch);
        }

        _checking.Send();
        while (_checking.TryNext(wait: true, out var message, out var line))
        {
            _batch.Take(message, line);
            if (_batch.Due)
            {
                _batch.Commit(_consumer!);
            }
        }
    }

    /// <summary>Who asked for the lake (looked at once a second: a listing of the lease folder).</summary>
    private string? HandOffRequested()
    {
        if (_handOffChecked != 0 && _clock.GetElapsedTime(_handOffChecked) < TimeSpan.FromSeconds(1))
        {
            return null;
        }

        _handOffChecked = _clock.GetTimestamp();
        return _lease.HandOffRequests is [var first, ..] ? first : null;
    }

    private void OffsetOutOfRange(TopicPartitionOffset? at)
    {
        if (at is null)
        {
            throw new RetentionGapException("the broker no longer has the next message to read (offset out of range), and did not say of which partition");
        }

        var next = Positions.CommittedOffset(at.Topic, at.Partition.Value) ?? at.Offset.Value;
        var low = _consumer!.QueryWatermarkOffsets(at.TopicPartition, TimeSpan.FromSeconds(10)).Low;
        var start = Gap(at.Topic, at.Partition.Value, next, low.Value);
        _consumer.Seek(start);
    }

    private void ReportStatus()
    {
        long lag = 0;
        foreach (var tp in _consumer!.Assignment)
        {
            var high = _consumer.GetWatermarkOffsets(tp).High;
            var position = _consumer.Position(tp);
            if (high != Offset.Unset && position != Offset.Unset)
            {
                lag += Math.Max(0, high.Value - position.Value);
            }
        }

        _d.Status.SetLag(lag);
        _d.Logger.LogInformation("{Lines} lines ({Accepted} accepted, {Rejected} rejected, {Redeliveries} redeliveries, {Suppressed} suppressed), {Commits} commits, lag {Lag}",
            _d.Status.Lines, _d.Status.Accepted, _d.Status.Rejected, _d.Status.Redeliveries, _d.Status.Suppressed, _d.Status.Commits, lag);
    }

    private ConsumerConfig ConsumerConfig()
    {
        var config = new ConsumerConfig(new Dictionary<string, string>(_d.Kafka.Client))
        {
            BootstrapServers = _d.Kafka.BootstrapServers,
            GroupId = _d.Kafka.GroupId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            // Never skip silently: a partition with no offset in the lake starts at Beginning (set on assignment);
            // one whose next message the broker deleted surfaces as an error, handled as a retention gap.
            AutoOffsetReset = AutoOffsetReset.Error,
            EnablePartitionEof = false,
            // Lake retries may block the loop for LakeRetryTimeout: stay in the group meanwhile.
            MaxPollIntervalMs = (int)Math.Min(int.MaxValue, _d.Worker.LakeRetryTimeout.TotalMilliseconds + 60_000),
        };
        // librdkafka stops fetching a partition for fetch.queue.backoff.ms (1 s by default) whenever its local queue holds
        // queued.min.messages (100,000): a worker catching up drains that queue in a fraction of a second, then sat idle
        // for the rest of it. With 50 ms the bench's 150,000 messages were read in 0.6-0.7 s instead of 1.2 (row 3).
        // Kafka:Client may set another value.
        config.FetchQueueBackoffMs ??= 50;
        if (!_d.Kafka.Client.ContainsKey(ConfigPropertyNames.Consumer.ConsumeResultFields))
        {
            // A message's topic, partition, offset, key and value are all the worker reads: its headers (a list a message,
            // even when empty) and timestamp are not marshalled. Kafka:Client may set another value.
            config.ConsumeResultFields = "topic";
        }

        if (_d.Kafka.GroupProtocol == "consumer")
        {
            config.GroupProtocol = GroupProtocol.Consumer;
        }
        else
        {
            // How long a dead worker's partitions stay with it: a standby can take over only after this.
            config.SessionTimeoutMs = _d.Kafka.SessionTimeoutMs;
            config.HeartbeatIntervalMs = Math.Max(500, _d.Kafka.SessionTimeoutMs / 4);
        }

        return config;
    }

    private ProducerConfig ProducerConfig() => new(new Dictionary<string, string>(_d.Kafka.Client))
    {
        BootstrapServers = _d.Kafka.BootstrapServers,
        EnableIdempotence = true,
        Acks = Acks.All,
        LingerMs = 5,
    };
}

/// <summary>The broker deleted messages the lake had not read yet (and the worker is set to stop on it).</summary>
public sealed class RetentionGapException(string message) : Exception(message);
