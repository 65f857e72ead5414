using ProfileUnifier.Ingestion.Pipeline;

namespace ProfileUnifier.Ingestion.Kafka;

/// <summary>A worker's batch sealed for its commit (<see cref="BatchCommitter.Seal"/>).</summary>
/// <param name="Lake">The lake's part: rows, files, counts and the partitions' next offsets (<see cref="SealedBatch.Kafka"/>).</param>
/// <param name="Rejected">Its rejected messages, sent to their topic as they were taken (their deliveries waited for at the commit).</param>
/// <param name="MaintainAfter">
/// Housekeeping is due once it is committed; that reads the identity engine as of this batch, so the worker takes nothing
/// of the next batch until it is done.
/// </param>
internal sealed record SealedKafkaBatch(SealedBatch Lake, IReadOnlyList<RejectedMessage> Rejected, bool MaintainAfter);
