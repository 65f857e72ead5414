using Microsoft.Extensions.Options;
using ProfileUnifier.Ingestion.Kafka;
using ProfileUnifier.Lake;

namespace ProfileUnifier.Observability;

/// <summary>
/// Whether the worker is doing its job: a writer holds the lake's lease, has partitions assigned, reaches
/// Kafka and can write the lake; a hot standby waiting for the lease is ready too (that is its job).
/// </summary>
public sealed class WorkerReadiness(WorkerStatus status, KafkaHealth kafka, IOptions<LakeOptions> lake)
{
    public Report Check()
    {
        var writable = LakeWritable();
        var ready = status.State switch
        {
            WorkerState.Standby => writable,
            WorkerState.Writing => writable && kafka.AssignedPartitions > 0 && !kafka.Unreachable,
            _ => false,
        };
        return new Report(ready, status.State.ToString().ToLowerInvariant(), kafka.AssignedPartitions, !kafka.Unreachable, writable, status.Lag);
    }

    // A file created and deleted at the lake root: the one test that the folder, its permissions and the disk all allow a write.
    private bool LakeWritable()
    {
        var root = Path.GetFullPath(lake.Value.Root);
        try
        {
            using var probe = new FileStream(Path.Combine(root, $".writable-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            probe.WriteByte(0);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>What /readyz answers.</summary>
    public sealed record Report(bool Ready, string State, int AssignedPartitions, bool KafkaReachable, bool LakeWritable, long Lag);
}
