using ProfileUnifier.Core.Identity;

namespace ProfileUnifier.Ingestion.Pipeline;

/// <summary>
/// What an ingest did. Every line read is accepted, rejected, a redelivery or suppressed: <see cref="IsReconciled"/>.
/// <see cref="HeldBack"/>: last lines with no newline that are not valid events yet (a file still being written), not read.
/// </summary>
public sealed record IngestSummary(
    int Files,
    IReadOnlyList<string> AlreadyIngested,
    IReadOnlyList<string> Failed,
    long Lines,
    long Accepted,
    long Rejected,
    long Redeliveries,
    long Suppressed,
    int Commits,
    TimeSpan Elapsed,
    EngineStatistics Engine,
    long HeldBack = 0)
{
    public bool IsReconciled => Lines == Accepted + Rejected + Redeliveries + Suppressed;

    public double EventsPerSecond => Elapsed.TotalSeconds > 0 ? Lines / Elapsed.TotalSeconds : 0;
}
