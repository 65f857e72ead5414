using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Polly;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Ingestion.Pipeline;
using ProfileUnifier.Lake;
using ProfileUnifier.Lake.Commit;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Ingestion.Kafka;

/// <summary>
/// <c>run</c>: consumes the six topics into the lake, exactly once. Waits for the lake's writer lease (a
/// second worker is a hot standby), rebuilds state from the lake, starts every partition at the offset the
/// commit log recorded, and commits a batch — files, offsets, counts — as one lake transaction when it is
/// old, long or big enough, before a rebalance takes partitions away, and on shutdown. Blocking: run it on
/// a thread of its own. Anything it cannot handle ends the loop with an exception.
/// </summary>
public sealed class KafkaLakeWorker(
    KafkaOptions kafka,
    WorkerOptions options,
    LakeOptions lake,
    IngestOptions ingest,
    IdentityRules rules,
    IKafkaClientFactory clients,
    WorkerMetrics metrics,
    WorkerStatus status,
    ILogger logger,
    Func<CommitStep, Task>? faults = null)
{
    private readonly KafkaOptions _kafka = kafka;
    private readonly WorkerOptions _options = options;
    private readonly LakeOptions _lake = lake;
    private readonly IngestOptions _ingest = ingest;
    private readonly IdentityRules _rules = rules;
    private readonly IKafkaClientFactory _clients = clients;
    private readonly WorkerMetrics _metrics = metrics;
    private readonly WorkerStatus _status = status;
    private readonly ILogger _logger = logger;
    private readonly Func<CommitStep, Task>? _faults = faults;

    public WorkerStatus Status => _status;

    public void Run(CancellationToken stopping)
    {
        var owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
        while (!stopping.IsCancellationRequested)
        {
            _status.State = WorkerState.Standby;
            using var lease = WriterLease.AcquireAsync(Path.GetFullPath(_lake.Root), owner, _options.LeaseTime,
                holder => _logger.LogInformation("Standing by: {Holder}; taking over when it stops", holder), stopping).GetAwaiter().GetResult();
            _logger.LogInformation("Writing the lake {Lake} (lease epoch {Epoch})", Path.GetFullPath(_lake.Root), lease.Epoch);
            _status.State = WorkerState.Writing;
            try
            {
                new Session(this, lease, stopping).Run();
                lease.Release();
                _status.State = WorkerState.Stopped;
                return;
            }
            catch (LakeConflictException ex)
            {
                // Another writer took over (this one stalled past the lease time): stand by again.
                _logger.LogWarning("Fenced off: {Reason}; standing by", ex.Message);
            }
        }
    }

    /// <summary>One stint as the lake's writer.</summary>
    private sealed class Session
    {
        private readonly KafkaLakeWorker _w;
        private readonly WriterLease _lease;
        private readonly CancellationToken _stopping;
        private readonly LakeIngestor _ingestor;
        private readonly KafkaPositionTracker _positions;
        private readonly ResiliencePipeline _retry;
        private readonly IProducer<byte[]?, byte[]?> _producer;
        private readonly RejectedPublisher _rejected;
        private IConsumer<byte[]?, byte[]?>? _consumer;
        private long _batchStarted;
        private bool _broken;

        public Session(KafkaLakeWorker worker, WriterLease lease, CancellationToken stopping)
        {
            _w = worker;
            _lease = lease;
            _stopping = stopping;
            var store = LakeStore.OpenAsync(worker._lake, stopping, worker._faults).GetAwaiter().GetResult();
            _ingestor = LakeIngestor.OpenAsync(store, worker._rules, worker._ingest, worker._logger, null, stopping).GetAwaiter().GetResult();
            _positions = new KafkaPositionTracker(store.State.KafkaOffsets);
            worker._status.Committed(store.State.LastTxn, store.State.KafkaOffsets.Select(o => new KafkaPosition(o.Key.Topic, o.Key.Partition, o.Value)), byThisWorker: false);
            _retry = LakeRetry.Create(worker._options.LakeRetryTimeout, worker._logger, () => worker._metrics.CommitFailures.Add(1));
            _producer = worker._clients.CreateProducer(worker.ProducerConfig());
            _rejected = new RejectedPublisher(_producer, worker._kafka.RejectedTopic);
        }

        public void Run()
        {
            try
            {
                _consumer = _w._clients.CreateConsumer(_w.ConsumerConfig(), new KafkaConsumerHandlers(
                    Assigned: partitions =>
                    {
                        var start = _positions.StartOffsets(partitions);
                        _w._logger.LogInformation("Assigned {Partitions}", string.Join(", ", start.Select(s => $"{s.Topic}[{s.Partition.Value}]@{s.Offset}")));
                        return start;
                    },
                    Revoked: partitions =>
                    {
                        if (_broken)
                        {
                            // Failing already: the next writer starts from the lake's last commit.
                            return;
                        }

                        // The batch holds messages of these partitions: commit it while they are still ours.
                        _w._logger.LogInformation("Revoked {Count} partitions; committing the batch first", partitions.Count);
                        Commit(CancellationToken.None);
                    },
                    Error: error =>
                    {
                        if (error.IsFatal)
                        {
                            throw new KafkaException(error);
                        }

                        _w._logger.LogWarning("Kafka: {Reason}", error.Reason);
                    }));
                _consumer.Subscribe(_w._kafka.Topics);
                Loop();
                // Stopping: what was read is committed, then the group is left cleanly.
                Commit(CancellationToken.None);
                _consumer.Close();
            }
            catch
            {
                // Leave the group now rather than after a session timeout, so a successor gets the partitions at once.
                _broken = true;
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

        private void CloseQuietly()
        {
            try
            {
                _consumer?.Close();
            }
            catch (KafkaException ex)
            {
                _w._logger.LogWarning("Could not leave the group cleanly: {Reason}", ex.Error.Reason);
            }
        }

        private void Loop()
        {
            var status = Stopwatch.StartNew();
            while (!_stopping.IsCancellationRequested)
            {
                ConsumeResult<byte[]?, byte[]?>? result;
                try
                {
                    result = _consumer!.Consume(TimeSpan.FromMilliseconds(100));
                }
                catch (ConsumeException ex) when (!ex.Error.IsFatal)
                {
                    // Unknown topic (not created yet), broker transport hiccups: librdkafka retries on its own.
                    _w._logger.LogWarning("Kafka: {Reason}", ex.Error.Reason);
                    continue;
                }

                if (result is { IsPartitionEOF: false } && _positions.Take(result.Topic, result.Partition.Value, result.Offset.Value))
                {
                    Take(result);
                }

                if (DueForCommit())
                {
                    Commit(_stopping);
                }

                if (status.Elapsed >= _w._options.StatusInterval)
                {
                    ReportStatus();
                    status.Restart();
                }
            }
        }

        private void Take(ConsumeResult<byte[]?, byte[]?> result)
        {
            var value = result.Message.Value ?? [];
            var outcome = _ingestor.Offer(value, value.Length, SourcePosition.InKafka(result.Topic, result.Partition.Value, result.Offset.Value));
            if (outcome == LineOutcome.Rejected)
            {
                _rejected.Add(result, _ingestor.LastRejection!);
            }

            _w._status.Count(outcome);
            _w._metrics.Lines.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToString().ToLowerInvariant()));
            if (_batchStarted == 0)
            {
                _batchStarted = Stopwatch.GetTimestamp();
            }
        }

        private bool DueForCommit() =>
            _positions.HasPending &&
            (Stopwatch.GetElapsedTime(_batchStarted) >= _w._options.CommitInterval ||
             _ingestor.Pending >= _w._options.MaxBatchLines ||
             _ingestor.PendingBytes >= _w._options.MaxBatchBytes);

        private void Commit(CancellationToken ct)
        {
            if (!_positions.HasPending)
            {
                return;
            }

            if (!_lease.IsCurrent)
            {
                throw new LakeConflictException(_ingestor.Lake.State.LastTxn + 1);
            }

            var watch = Stopwatch.StartNew();
            // Rejected lines reach their topic before the batch is committed: at worst twice, never lost.
            _retry.ExecuteAsync(async token => await _rejected.PublishAsync(token), ct).AsTask().GetAwaiter().GetResult();
            var positions = _positions.PendingPositions;
            var entry = _retry.ExecuteAsync(async token => await _ingestor.CommitAsync([], positions, token), ct).AsTask().GetAwaiter().GetResult();
            _positions.MarkCommitted();
            _batchStarted = 0;
            _w._status.Committed(entry.Txn, positions);
            _w._metrics.Commits.Add(1);
            _w._metrics.CommitDuration.Record(watch.Elapsed.TotalMilliseconds);
            try
            {
                // A courtesy for lag monitoring; the lake's log is what the worker resumes from.
                _consumer!.Commit(_positions.CommittedOffsets(_consumer.Assignment));
            }
            catch (KafkaException ex)
            {
                _w._logger.LogWarning("Could not commit offsets to Kafka (the lake has them): {Reason}", ex.Error.Reason);
            }
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

            _w._status.SetLag(lag);
            _w._logger.LogInformation("{Lines} lines ({Accepted} accepted, {Rejected} rejected, {Redeliveries} redeliveries), {Commits} commits, lag {Lag}",
                _w._status.Lines, _w._status.Accepted, _w._status.Rejected, _w._status.Redeliveries, _w._status.Commits, lag);
        }
    }

    private ConsumerConfig ConsumerConfig()
    {
        var config = new ConsumerConfig(new Dictionary<string, string>(_kafka.Client))
        {
            BootstrapServers = _kafka.BootstrapServers,
            GroupId = _kafka.GroupId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnablePartitionEof = false,
            // Lake retries may block the loop for LakeRetryTimeout: stay in the group meanwhile.
            MaxPollIntervalMs = (int)Math.Min(int.MaxValue, _options.LakeRetryTimeout.TotalMilliseconds + 60_000),
        };
        if (_kafka.GroupProtocol == "consumer")
        {
            config.GroupProtocol = GroupProtocol.Consumer;
        }
        else
        {
            // How long a dead worker's partitions stay with it: a standby can take over only after this.
            config.SessionTimeoutMs = _kafka.SessionTimeoutMs;
            config.HeartbeatIntervalMs = Math.Max(500, _kafka.SessionTimeoutMs / 4);
        }

        return config;
    }

    private ProducerConfig ProducerConfig() => new(new Dictionary<string, string>(_kafka.Client))
    {
        BootstrapServers = _kafka.BootstrapServers,
        EnableIdempotence = true,
        Acks = Acks.All,
        LingerMs = 5,
    };
}
