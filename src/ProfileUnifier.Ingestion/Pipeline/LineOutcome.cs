namespace ProfileUnifier.Ingestion.Pipeline;

/// <summary>What became of one input line.</summary>
public enum LineOutcome
{
    Accepted,
    Rejected,
    Redelivery,
}
