using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Groups;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Ingestion.Pipeline;

/// <summary>
/// A batch sealed by <see cref="LakeIngestor.Seal"/>: everything it owns, taken out of the ingestor (which builds the next
/// batch meanwhile), for <see cref="LakeIngestor.CommitAsync(SealedBatch, CancellationToken)"/> to commit on any thread.
/// Keeps what a retry needs: the files once complete, whether its tokens are in the vault, and its result once committed.
/// </summary>
public sealed class SealedBatch
{
    internal SealedBatch(long number, Task<TouchpointFiles?> files, RejectedRows rejected, MergesRows merges, JobChangesRows jobChanges,
        BatchCounts counts, VaultRows? tokens, IReadOnlyList<InputPosition> inputs,
        IReadOnlyList<KafkaPosition> kafka, long resolveMs)
    {
        Number = number;
        Files = files;
        Rejected = rejected;
        Merges = merges;
        JobChanges = jobChanges;
        Counts = counts;
        Tokens = tokens;
        Inputs = inputs;
        Kafka = kafka;
        ResolveMs = resolveMs;
    }

    /// <summary>The batch number it is committed as (the lake's last + 1 when it was sealed).</summary>
    public long Number { get; }

    public BatchCounts Counts { get; }

    public IReadOnlyList<KafkaPosition> Kafka { get; }

    /// <summary>The touchpoint files being encoded, once every chunk is with them (rows are added behind the taking thread).</summary>
    internal Task<TouchpointFiles?> Files { get; }

    internal RejectedRows Rejected { get; }

    internal MergesRows Merges { get; }

    internal JobChangesRows JobChanges { get; }

    /// <summary>The tokens it noted in a pseudonymised lake (null in a clear one).</summary>
    internal VaultRows? Tokens { get; }

    internal IReadOnlyList<InputPosition> Inputs { get; }

    /// <summary>How long sealing took (resolving the last chunks).</summary>
    internal long ResolveMs { get; }

    /// <summary>Its touchpoint files once all are complete (a retry reuses them).</summary>
    internal IReadOnlyList<AddFile>? Written { get; set; }

    /// <summary>Set once the batch is in the lake: a retry returns it instead of committing again.</summary>
    internal BatchResult? Result { get; set; }
}
