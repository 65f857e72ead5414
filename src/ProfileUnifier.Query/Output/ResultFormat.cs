namespace ProfileUnifier.Query.Output;

/// <summary>How <c>query</c> and <c>segment</c> print rows.</summary>
public enum ResultFormat
{
    /// <summary>An aligned table for a terminal.</summary>
    Table,

    /// <summary>RFC 4180 CSV with a header row.</summary>
    Csv,

    /// <summary>A JSON array of objects, one per row.</summary>
    Json,
}
