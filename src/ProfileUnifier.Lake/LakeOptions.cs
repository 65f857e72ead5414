using System.ComponentModel.DataAnnotations;
using Parquet;

namespace ProfileUnifier.Lake;

/// <summary>Where and how the lake is written (section <c>Lake</c> of the configuration).</summary>
public sealed class LakeOptions
{
    public const string SectionName = "Lake";

    /// <summary>Root folder of the lake.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Root { get; set; } = "lake";

    [Range(1_000, 10_000_000)]
    public int RowGroupSize { get; set; } = 256 * 1024;

    public CompressionMethod Compression { get; set; } = CompressionMethod.Snappy;

    /// <summary>Touchpoint rows per transaction when ingesting files (memory is about 0.5 KB a row).</summary>
    [Range(1, 50_000_000)]
    public int MaxRowsPerCommit { get; set; } = 1_000_000;
}
