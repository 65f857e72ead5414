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
    /// Touchpoint rows of one source resolved and handed to the Parquet encoder at a time: the encoder works on a batch's
    /// earlier rows while later ones are still being read (each chunk becomes a row group of its source's file). Each
    /// chunk costs an identity resolve on the engine's thread (account attribution looks at every signature), so the
    /// default is a full row group (<c>Lake:RowGroupSize</c>), not a smaller, more eager chunk: with 65,536 a 1M-line
    /// ingest took ~5 s more CPU (docs/lake.md).
    /// </summary>
    [Range(1024, 10_000_000)]
    public int EncodeChunkRows { get; set; } = 262_144;
}
