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
}
