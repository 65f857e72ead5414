using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Lake.Privacy;
using ProfileUnifier.Ingestion.Kafka;
using ProfileUnifier.Ingestion.Pipeline;
using ProfileUnifier.Lake;
using ProfileUnifier.Lake.Storage;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Ingestion.Tests;

/// <summary>A Kafka → lake worker on a thread of its own, as `run` hosts it.</summary>
internal sealed class WorkerRunner : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;

    public WorkerRunner(KafkaScenario scenario, string lake, ILakeFileSystem? fs = null, WorkerOptions? options = null, LakeOptions? lakeOptions = null)
        : this(scenario.Options(), new KafkaClientFactory(NullLoggerFactory.Instance), lake, fs, options, lakeOptions)
    {
    }

    /// <summary>A worker with other Kafka clients (a fake's).</summary>
    public WorkerRunner(KafkaOptions kafka, IKafkaClientFactory clients, string lake, ILakeFileSystem? fs = null, WorkerOptions? options = null,
        LakeOptions? lakeOptions = null, PrivacyOptions? privacy = null)
    {
        Status = new WorkerStatus();
        var worker = new KafkaLakeWorker(new WorkerDependencies(
            kafka,
            options ?? new WorkerOptions { CommitInterval = TimeSpan.FromMilliseconds(300), LeaseTime = TimeSpan.FromSeconds(2), StatusInterval = TimeSpan.FromSeconds(1) },
            LakeBuilder.Context(lake, fs, lakeOptions ?? new LakeOptions { Root = lake, SnapshotInterval = TimeSpan.FromSeconds(1) }),
            new IngestOptions(),
            new IdentityRules(),
            clients,
            Metrics = new WorkerMetrics(new TestMeterFactory(), Status),
            Status,
            TestLog.Create("worker"),
            privacy));
        _thread = new Thread(() =>
        {
            try
            {
                worker.Run(_stop.Token);
            }
            catch (Exception ex)
            {
                Error = ex;
            }
        }) { IsBackground = true };
        _thread.Start();
    }

    public WorkerStatus Status { get; }

    public WorkerMetrics Metrics { get; }

    public Exception? Error { get; private set; }

    public bool IsRunning => _thread.IsAlive;

    /// <summary>Waits until the lake has committed every partition up to its end offset.</summary>
    public void WaitUntilCaughtUp(IReadOnlyDictionary<(string Topic, int Partition), long> ends, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!ends.All(e => Status.CommittedOffsets.GetValueOrDefault(e.Key) >= e.Value))
        {
            if (Error is not null)
            {
                throw new InvalidOperationException("the worker failed", Error);
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"worker not caught up: {Status.Lines} lines, {Status.Commits} commits, state {Status.State}");
            }

            Thread.Sleep(50);
        }
    }

    /// <summary>Waits for the worker's thread to end by itself (a crash), and returns what ended it.</summary>
    public Exception? WaitForExit(TimeSpan timeout)
    {
        if (!_thread.Join(timeout))
        {
            throw new TimeoutException("the worker did not stop");
        }

        return Error;
    }

    /// <summary>Stops the worker as SIGTERM does: it commits what it read and leaves the group.</summary>
    public void Stop()
    {
        _stop.Cancel();
        if (!_thread.Join(TimeSpan.FromSeconds(60)))
        {
            throw new TimeoutException("the worker did not stop");
        }
    }

    public void Dispose()
    {
        if (_thread.IsAlive)
        {
            Stop();
        }

        Metrics.Dispose();
        _stop.Dispose();
    }
}

/// <summary>Meters for one test, disposed with it.</summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options);
        _meters.Add(meter);
        return meter;
    }

    public void Dispose() => _meters.ForEach(m => m.Dispose());
}
