using System.Diagnostics.Metrics;

namespace ProfileUnifier.Ingestion.Kafka;

/// <summary>
/// The worker's instruments (meter <c>ProfileUnifier.Worker</c>): watch them with
/// <c>dotnet-counters monitor -n profileunifier --counters ProfileUnifier.Worker</c> or any OpenTelemetry exporter.
/// </summary>
public sealed class WorkerMetrics : IDisposable
{
    public const string MeterName = "ProfileUnifier.Worker";

    private readonly Meter _meter;

    public WorkerMetrics(IMeterFactory meters, WorkerStatus status)
    {
        _meter = meters.Create(MeterName);
        Lines = _meter.CreateCounter<long>("profileunifier.worker.lines", "{line}", "Messages taken, by outcome (accepted, rejected, redelivery)");
        Commits = _meter.CreateCounter<long>("profileunifier.worker.commits", "{commit}", "Lake transactions committed");
        CommitFailures = _meter.CreateCounter<long>("profileunifier.worker.commit_failures", "{failure}", "Lake writes that failed and were retried");
        CommitDuration = _meter.CreateHistogram<double>("profileunifier.worker.commit.duration", "ms", "Time to write and commit a batch");
        _meter.CreateObservableGauge("profileunifier.worker.lag", () => status.Lag, "{message}", "Messages behind the end of the assigned partitions");
        _meter.CreateObservableGauge("profileunifier.worker.writing", () => status.State == WorkerState.Writing ? 1 : 0, null, "1 while this worker holds the lake");
    }

    public Counter<long> Lines { get; }
    public Counter<long> Commits { get; }
    public Counter<long> CommitFailures { get; }
    public Histogram<double> CommitDuration { get; }

    public void Dispose() => _meter.Dispose();
}
