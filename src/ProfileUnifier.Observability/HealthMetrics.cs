using System.Diagnostics.Metrics;
using ProfileUnifier.Ingestion.Kafka;

namespace ProfileUnifier.Observability;

/// <summary>What <see cref="WorkerMetrics"/> does not measure and operators alert on: reachability and assignment (meter <c>ProfileUnifier.Worker.Health</c>).</summary>
public sealed class HealthMetrics : IDisposable
{
    public const string MeterName = "ProfileUnifier.Worker.Health";

    private readonly Meter _meter;

    public HealthMetrics(IMeterFactory meters, KafkaHealth kafka)
    {
        _meter = meters.Create(MeterName);
        _meter.CreateObservableGauge("profileunifier.worker.kafka_reachable", () => kafka.Unreachable ? 0 : 1, null, "1 while a Kafka broker is reachable");
        _meter.CreateObservableGauge("profileunifier.worker.assigned_partitions", () => kafka.AssignedPartitions, "{partition}", "Partitions assigned to this worker");
    }

    public void Dispose() => _meter.Dispose();
}
