using Microsoft.Extensions.Logging;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Ingestion.Pipeline;
using ProfileUnifier.Lake;
using ProfileUnifier.Lake.Commit;
using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Privacy;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Ingestion.Kafka;

/// <summary>
/// <c>run</c>: consumes the six topics into the lake, exactly once. Waits for the lake's writer lease as a hot
/// standby — following the lake's log meanwhile, so its identity state is current when it takes over — then writes
/// batches in a <see cref="WorkerSession"/> until stopped. Fenced off by a writer that took over while this one
/// stalled, it stands by again. Blocking: run it on a thread of its own. Anything it cannot handle ends the loop
/// with an exception.
/// </summary>
public sealed class KafkaLakeWorker(WorkerDependencies dependencies)
{
    private readonly WorkerDependencies _d = dependencies;

    public WorkerStatus Status => _d.Status;

    public void Run(CancellationToken stopping)
    {
        var owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
        var follower = new LogFollower(_d.Lake, _d.Rules, _d.Logger);
        while (!stopping.IsCancellationRequested)
        {
            _d.Status.State = WorkerState.Standby;
            using var lease = WriterLease.AcquireAsync(_d.Lake, owner, _d.Worker.LeaseTime,
                holder => _d.Logger.LogInformation("Standing by: {Holder} writes the lake; following its log, taking over when it stops", holder),
                follower.FollowAsync, giveUpAfter: null, stopping).GetAwaiter().GetResult();
            _d.Logger.LogInformation("Writing the lake {Lake} (lease epoch {Epoch})", _d.Lake.Root, lease.Epoch);
            _d.Status.State = WorkerState.Writing;
            try
            {
                var handedOff = new WorkerSession(_d, lease, follower.TakeState(), stopping).Run();
                lease.Release();
                if (!handedOff)
                {
                    _d.Status.State = WorkerState.Stopped;
                    return;
                }

                // Another process (forget) has the lake for a while: follow it as a standby, take the lake back after it.
                _d.Logger.LogInformation("Handed the lake over; standing by until it is released");
            }
            catch (LakeConflictException ex)
            {
                // Another writer took over (this one stalled past the lease time): its state is stale; stand by again.
                _d.Logger.LogWarning("Fenced off: {Reason}; standing by", ex.Message);
            }
        }
    }

    /// <summary>A standby's identity state, kept current by reading the batches the writer commits.</summary>
    private sealed class LogFollower(LakeContext lake, IdentityRules rules, ILogger logger)
    {
        private IdentityState? _state;
        private DeltaTable? _touchpoints;

        public async Task FollowAsync(CancellationToken ct)
        {
            _touchpoints ??= await lake.OpenTableAsync(TableNames.Touchpoints, ct);
            await _touchpoints.RefreshAsync(ct);
            if (_state is null || !await _state.CatchUpAsync(_touchpoints.Snapshot, ct))
            {
                // First look, or an erasure since (the state may hold the erased person): load anew.
                _state?.Dispose();
                _state = await IdentityState.LoadAsync(lake, _touchpoints.Snapshot, rules, logger, null, ct);
            }
        }

        /// <summary>The warm state for a writer (once: a fenced-off writer's state is not reused).</summary>
        public IdentityState? TakeState()
        {
            var state = _state;
            _state = null;
            return state;
        }
    }
}

/// <summary>What a worker runs with (one object, so the worker's constructor stays short).</summary>
public sealed record WorkerDependencies(
    KafkaOptions Kafka,
    WorkerOptions Worker,
    LakeContext Lake,
    IngestOptions Ingest,
    IdentityRules Rules,
    IKafkaClientFactory Clients,
    WorkerMetrics Metrics,
    WorkerStatus Status,
    ILogger Logger,
    PrivacyOptions? Privacy = null);
