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
    /// later rows are read and let go once the file is written. So it bounds the rows a batch holds in memory (about
    /// 1.6 KB a row, twice this with the chunks being encoded), whatever <c>Lake:MaxRowsPerCommit</c>. Each chunk costs an
    /// identity resolve on the engine's thread (account attribution looks at every signature), so the default is a full
    /// row group (<c>Lake:RowGroupSize</c>), not a smaller, more eager chunk: with 65,536 a 1M-line ingest took ~5 s
    /// more CPU (docs/lake.md).
    /// </summary>
    [Range(1024, 10_000_000)]
    public int EncodeChunkRows { get; set; } = 262_144;
}
