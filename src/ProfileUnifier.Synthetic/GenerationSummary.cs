namespace ProfileUnifier.Synthetic;

/// <summary>
/// What was written, for reconciliation: every line is an event, a redelivery or a malformed line, so
/// <c>Lines == Events + Redeliveries + Malformed</c>, and an ingest must accept exactly <see cref="Events"/>.
/// </summary>
public sealed record GenerationSummary(
    long Lines,
    long Events,
    long Redeliveries,
    long Malformed,
    int Accounts,
    int People,
    long Orders,
    IReadOnlyDictionary<string, long> EventsBySource)
{
    /// <summary>Names of the accounts whose activity collapses in the last 30 days (<see cref="GeneratorOptions.CollapsingRate"/>).</summary>
    public IReadOnlyList<string> CollapsedAccounts { get; init; } = [];
}
