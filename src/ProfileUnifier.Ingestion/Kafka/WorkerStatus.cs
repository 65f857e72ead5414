using ProfileUnifier.Ingestion.Pipeline;

namespace ProfileUnifier.Ingestion.Kafka;

public enum WorkerState
{
    Starting,
    Standby,
    Writing,
    Stopped,
    Failed,
}

/// <summary>What the worker is doing, readable from any thread (logs, the demo's pacing, tests).</summary>
public sealed class WorkerStatus
{
    private readonly Lock _gate = new();
    private Dictionary<(string Topic, int Partition), long> _committed = [];
    private long _lines, _accepted, _rejected, _redeliveries, _suppressed, _commits, _lastTxn, _lag;

    public WorkerState State { get; internal set; } = WorkerState.Starting;

    public long Lines => Interlocked.Read(ref _lines);
    public long Accepted => Interlocked.Read(ref _accepted);
    public long Rejected => Interlocked.Read(ref _rejected);
    public long Redeliveries => Interlocked.Read(ref _redeliveries);
    public long Suppressed => Interlocked.Read(ref _suppressed);
    public long Commits => Interlocked.Read(ref _commits);
    public long LastTxn => Interlocked.Read(ref _lastTxn);

    /// <summary>Messages behind the end of the assigned partitions, as of the last status check.</summary>
    public long Lag => Interlocked.Read(ref _lag);

    /// <summary>The next offset to read per partition, as committed to the lake.</summary>
    public IReadOnlyDictionary<(string Topic, int Partition), long> CommittedOffsets
    {
        get
        {
            lock (_gate)
            {
                return _committed;
            }
        }
    }

    internal void Count(LineOutcome outcome)
    {
        Interlocked.Increment(ref _lines);
        _ = outcome switch
        {
            LineOutcome.Accepted => Interlocked.Increment(ref _accepted),
            LineOutcome.Rejected => Interlocked.Increment(ref _rejected),
            LineOutcome.Suppressed => Interlocked.Increment(ref _suppressed),
            _ => Interlocked.Increment(ref _redeliveries),
        };
    }

    internal void Committed(long txn, IEnumerable<Lake.Groups.KafkaPosition> positions, bool byThisWorker = true)
    {
        if (byThisWorker)
        {
            Interlocked.Increment(ref _commits);
        }

        Interlocked.Exchange(ref _lastTxn, txn);
        lock (_gate)
        {
            var copy = new Dictionary<(string, int), long>(_committed);
            foreach (var p in positions)
            {
                copy[(p.Topic, p.Partition)] = p.NextOffset;
            }

            _committed = copy;
        }
    }

    internal void SetLag(long lag) => Interlocked.Exchange(ref _lag, lag);
}
