using System.ComponentModel.DataAnnotations;
using ProfileUnifier.Lake.Storage;

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

    public LakeCompression Compression { get; set; } = LakeCompression.Snappy;

    /// <summary>Touchpoint rows per transaction when ingesting files (the rows held in memory are bounded by <c>Ingest:EncodeChunkRows</c>, not by this).</summary>
    [Range(1, 50_000_000)]
    public int MaxRowsPerCommit { get; set; } = 1_000_000;

    /// <summary>A Delta checkpoint every this many versions of a table (readers then replay at most that many commits).</summary>
    [Range(1, 10_000)]
    public int CheckpointInterval { get; set; } = 20;

    /// <summary>
    /// A Delta checkpoint also as soon as the commits since the last one added or removed this many files, however few
    /// the commits: a worker's many small commits and compaction's would otherwise leave every reader hundreds of adds,
    /// each with its statistics, to replay (1.6 MB of JSON after a 10M-line ingest, when it wrote a file per chunk).
    /// </summary>
    [Range(1, 1_000_000)]
    public int CheckpointAfterFileActions { get; set; } = 500;

    /// <summary>
    /// Log files older than this are removed behind a checkpoint (how far back time travel reaches). A worker that
    /// commits every few seconds writes thousands of commits a day: a day keeps the log folder in the tens of thousands.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan LogRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Files no version needs any more are deleted by vacuum once they have been unneeded this long: how long a reader
    /// of an older version (a long query, time travel) can count on its files.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan VacuumRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often a worker compacts the small files its commits leave (0: only at shutdown and by <c>optimize</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan CompactionInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a worker vacuums (0: only by the <c>vacuum</c> verb).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan VacuumInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How often the worker rewrites the changed buckets of the identity snapshot tables (identities, profiles,
    /// accounts, signatures): their freshness. Touchpoints carry their profile and account as of ingestion meanwhile.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The identity engine's state is checkpointed into the lake every this many batches (and at shutdown).</summary>
    [Range(1, 100_000)]
    public int EngineCheckpointInterval { get; set; } = 50;

    /// <summary>Rows a snapshot bucket file holds at most before the table is split into more buckets.</summary>
    [Range(1_000, 10_000_000)]
    public int SnapshotBucketRows { get; set; } = 250_000;

    /// <summary>Files smaller than this are compacted together (by the worker on its cadence, at the end of an ingest, by <c>optimize</c>).</summary>
    [Range(1024, 4L * 1024 * 1024 * 1024)]
    public long CompactBelowBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>The size compaction aims at.</summary>
    [Range(1024, 4L * 1024 * 1024 * 1024)]
    public long TargetFileBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Mode of the files the lake creates, in octal (the umask can only take more away). Not world-readable: personal data.</summary>
    [RegularExpression("^0?[0-7]{3}$", ErrorMessage = "Lake:FileMode is three octal digits, such as 0640")]
    public string FileMode { get; set; } = "0640";

    /// <summary>Mode of the folders the lake creates, in octal.</summary>
    [RegularExpression("^0?[0-7]{3}$", ErrorMessage = "Lake:FolderMode is three octal digits, such as 0750")]
    public string FolderMode { get; set; } = "0750";

    /// <summary>The modes as the file system applies them (a method: validation reads every property, and these may not parse yet).</summary>
    public LakePermissions ToPermissions() => new(LakePermissions.Parse(FileMode), LakePermissions.Parse(FolderMode));
}
