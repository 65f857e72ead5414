namespace ProfileUnifier.Ingestion.Pipeline;

/// <summary>What became of one input line.</summary>
public enum LineOutcome
{
    Accepted,
    Rejected,
    Redelivery,

    /// <summary>An event of a person erased from the lake (<c>forget</c>): dropped, and counted.</summary>
    Suppressed,
}
