using System.ComponentModel.DataAnnotations;

namespace ProfileUnifier.Ingestion.Kafka;

/// <summary>How the Kafka worker batches, commits and recovers (section <c>Worker</c>).</summary>
public sealed class WorkerOptions
{
    public const string SectionName = "Worker";

    /// <summary>A batch is committed when it is this old ...</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>... or holds this many lines ...</summary>
    [Range(1, 10_000_000)]
    public int MaxBatchLines { get; set; } = 200_000;

    /// <summary>... or this many bytes of messages.</summary>
    [Range(1024, 4L * 1024 * 1024 * 1024)]
    public long MaxBatchBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>
    /// Messages read ahead of the batch: checked on the thread pool while earlier ones are taken, and read on while a
    /// batch commits (in blocks of up to 1,024). Bounds the memory of what is read but not taken; 1 keeps the worker in
    /// step with its consumer.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxReadAhead { get; set; } = 16_384;

    /// <summary>A standby takes over when the writer's heartbeat has not changed for this long.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan LeaseTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a lake write is retried (with backoff and jitter) before the worker gives up.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LakeRetryTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// What to do when a partition's offset in the lake is below the broker's earliest (retention deleted messages
    /// before they were read): stop with an error naming the partition and the lost range, or record the gap as a
    /// <c>retention_gap</c> row in <c>rejected</c> and go on from the earliest message.
    /// </summary>
    public RetentionGapPolicy OnRetentionGap { get; set; } = RetentionGapPolicy.Fail;

    /// <summary>How often the worker logs its progress and lag.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan StatusInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>See <see cref="WorkerOptions.OnRetentionGap"/>.</summary>
public enum RetentionGapPolicy
{
    Fail,
    Record,
}
