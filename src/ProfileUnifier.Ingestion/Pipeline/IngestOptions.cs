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
    /// Touchpoint rows held unsealed, across sources: when they reach this many, the engine resolves what it has and the
    /// source with the most rows hands them to the Parquet encoder as a file of their own, encoded on another core while
    /// later rows are read and let go once the file is written. So it bounds the rows a batch holds in memory, whatever
    /// <c>Lake:MaxRowsPerCommit</c>. Each chunk costs an identity resolve on the engine's thread (in proportion to what
    /// changed), and a chunk written keeps its columns' capacity for the next one (growing 51 columns afresh cost about 8 %
    /// of an ingest's time). With text held as UTF-8, a 5M-line ingest peaked at 1,230 MiB with 65,536 and at 1,480-1,560
    /// with 98,304 (over the 1.5 GiB goal), which was about 5 % faster (docs/lake.md).
    /// </summary>
    [Range(1024, 10_000_000)]
    public int EncodeChunkRows { get; set; } = 65_536;
}
