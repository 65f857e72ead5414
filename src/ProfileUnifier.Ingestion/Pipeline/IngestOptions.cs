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
    /// <c>Lake:MaxRowsPerCommit</c>: a 5M-line ingest peaked at 1,260 MiB RSS with 98,304, 1,533 with 131,072 and 1.9 GB
    /// with 262,144, in about the same time. Each chunk costs an identity resolve on the engine's thread (now in
    /// proportion to what changed, about 1.3 µs an event), so smaller is not free either: 65,536 peaked at 1,075 MiB but
    /// took 8 % longer (docs/lake.md).
    /// </summary>
    [Range(1024, 10_000_000)]
    public int EncodeChunkRows { get; set; } = 98_304;
}
