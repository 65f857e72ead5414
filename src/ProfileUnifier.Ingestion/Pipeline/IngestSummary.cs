using ProfileUnifier.Core.Identity;

namespace ProfileUnifier.Ingestion.Pipeline;

/// <summary>What an ingest did. Every line read is accepted, rejected, a redelivery or suppressed: <see cref="IsReconciled"/>.</summary>
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
    EngineStatistics Engine)
{
    public bool IsReconciled => Lines == Accepted + Rejected + Redeliveries + Suppressed;

    public double EventsPerSecond => Elapsed.TotalSeconds > 0 ? Lines / Elapsed.TotalSeconds : 0;
}
