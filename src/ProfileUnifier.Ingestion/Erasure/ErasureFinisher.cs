using Microsoft.Extensions.Logging;
using ProfileUnifier.Ingestion.Pipeline;
using ProfileUnifier.Lake.Groups;
using ProfileUnifier.Lake.Maintenance;
using ProfileUnifier.Lake.Privacy;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Ingestion.Erasure;

/// <summary>
/// <c>forget</c>'s second half, run whenever the lake is opened for writing after an erasure that is not recorded as
/// finished (by <c>forget</c> itself, or by the next <c>ingest</c> or <c>run</c> after a crash): the identity state has just
/// been rebuilt from the touchpoints without the person (checkpoints made before the erasure are not used), so the
/// identity tables are refreshed from it and the state checkpointed; then every superseded file that may still hold the
/// person is deleted (<see cref="LakePurge"/>), old identity checkpoints with them; last, the audit row. Each step is
/// idempotent, so a crash anywhere is finished by the next opening.
/// </summary>
public static class ErasureFinisher
{
    public static async Task FinishAsync(LakeIngestor ingestor, ILogger logger, CancellationToken ct)
    {
        var progress = ingestor.Progress;
        var lake = ingestor.Lake;
        if (progress.Erasures == 0)
        {
            return;
        }

        var audit = await ErasureAudit.OpenAsync(lake, ct);
        if (audit.Finished >= progress.Erasures)
        {
            return;
        }

        var state = ingestor.State;
        var refreshed = await ingestor.Snapshots.PublishAsync(state.Engine.Snapshot(), progress.Batch, ct);
        await state.SaveAsync(lake, ct);
        if (state.Vault is { } vault)
        {
            // The clear values of a pseudonymised lake: only what the tables still name stays (the person's identifiers, names
            // only they had and their rejected lines go); the replaced files go with the purge below.
            var dropped = await vault.KeepOnlyAsync(await IdentifierVault.ReferencedAsync(lake, ct), ct);
            logger.LogInformation("Restricted identifiers table: {Rows} rows no table names any more removed", dropped);
        }

        var leaseTables = TableGroup.Batch.Tables.Concat(TableNames.IdentitySnapshots).ToHashSet(StringComparer.Ordinal);
        var purged = await new LakePurge(lake).RunAsync(leaseTables, ct);
        var record = await RecordOfAsync(ingestor, progress.ErasureBatch, ct);
        await audit.AppendAsync(record, progress.Erasures, progress.ErasureBatch, lake.Clock.GetUtcNow().UtcDateTime, ct);
        logger.LogInformation("Erasure {Id} finished: identity tables refreshed ({Buckets} buckets), {Files} superseded files ({Bytes:N0} bytes) deleted",
            record.ErasureId, refreshed.Sum(r => r.BucketsWritten), purged.Files, purged.Bytes);
    }

    /// <summary>The erasure's record from its batch commit's manifest (a stand-in if the log no longer has it).</summary>
    private static async Task<ErasureRecord> RecordOfAsync(LakeIngestor ingestor, long batch, CancellationToken ct)
    {
        var leader = ingestor.Batches.Leader;
        var version = await leader.Log.FindVersionAsync(TableGroup.Batch.AppId, batch, leader.Snapshot.Version, ct);
        var manifest = version is { } v ? (await leader.Log.ReadCommitInfoAsync(v, ct))?.Group : null;
        return manifest?.Erasure ?? new ErasureRecord
        {
            ErasureId = $"batch-{batch}",
            RequestedAt = ingestor.Lake.Clock.GetUtcNow().UtcDateTime,
            RequestedBy = "unknown (the log no longer has the erasure's commit)",
            FoundBy = "unknown",
            IdentifiersSuppressed = 0,
        };
    }
}
