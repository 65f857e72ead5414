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
    /// source with the most rows hands them to the Parquet encoder as a chunk, encoded into memory on another core while
    /// later rows are read and let go once encoded (the commit joins a source's chunks into one file). So it bounds the
    /// rows a batch holds in memory, whatever
    /// <c>Lake:MaxRowsPerCommit</c>. Each chunk costs an identity resolve on the engine's thread (in proportion to what
    /// changed, and over every signature for account attribution), and a chunk written keeps its columns' capacity for the
    /// next one (growing 51 columns afresh cost about 8 % of an ingest's time). A 5M-line ingest took 22.2-25.6 s with
    /// 131,072 against 25.3-26.2 s with 65,536 (200 chunks, a resolve each, instead of 367) and peaked at 1.10-1.23 GB
    /// against 0.99-1.17 GB; 1M lines took the same time either way, with ~100 MB more at the peak (docs/performance.md,
    /// 2026-12-04).
    /// </summary>
    [Range(1024, 10_000_000)]
    public int EncodeChunkRows { get; set; } = 131_072;
}
