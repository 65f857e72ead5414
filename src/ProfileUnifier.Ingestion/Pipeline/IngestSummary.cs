using ProfileUnifier.Core.Identity;

namespace ProfileUnifier.Ingestion.Pipeline;

/// <summary>What an ingest did. Every line read is accepted, rejected or a redelivery: <see cref="IsReconciled"/>.</summary>
public sealed record IngestSummary(
    int Files,
    IReadOnlyList<string> AlreadyIngested,
    IReadOnlyList<string> Failed,
    long Lines,
    long Accepted,
    long Rejected,
    long Redeliveries,
    int Commits,
    TimeSpan Elapsed,
    EngineStatistics Engine)
{
    public bool IsReconciled => Lines == Accepted + Rejected + Redeliveries;

    public double EventsPerSecond => Elapsed.TotalSeconds > 0 ? Lines / Elapsed.TotalSeconds : 0;
}
