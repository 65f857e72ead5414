using System.ComponentModel.DataAnnotations;
using ProfileUnifier.Core.Validation;

namespace ProfileUnifier.Ingestion.Pipeline;

/// <summary>How lines are read (section <c>Ingest</c> of the configuration).</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    /// <summary>Longer lines are rejected (line_too_long) without being parsed.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxLineBytes { get; set; } = EventParser.DefaultMaxLineBytes;

    /// <summary>
    /// Touchpoint rows held unsealed, across sources: when they reach this many, the source with the most rows hands them
    /// to the Parquet encoder as a chunk, encoded into memory on another core while later rows are read and let go once
    /// encoded (all but the resolution columns, encoded at the batch's end; the commit joins a source's chunks into one
    /// file). So it bounds the rows a batch holds in memory, whatever <c>Lake:MaxRowsPerCommit</c>. A chunk written keeps
    /// its columns' capacity for the next one (growing 51 columns afresh cost about 8 % of an ingest's time). A 5M-line
    /// ingest peaked at 1.10-1.23 GB with 131,072 against 0.99-1.17 GB with 65,536 (docs/lake.md).
    /// </summary>
    [Range(1024, 10_000_000)]
    public int EncodeChunkRows { get; set; } = 131_072;
}
