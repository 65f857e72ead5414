using System.Diagnostics;
using System.IO.Hashing;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Lake;
using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Groups;
using ProfileUnifier.Lake.Privacy;
using ProfileUnifier.Lake.Reading;
using ProfileUnifier.Lake.Snapshots;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Ingestion.Pipeline;

/// <summary>
/// The identity engine and the redelivery filter as of a batch of the lake. Loaded from the newest identity
/// checkpoint made under the same rules plus the touchpoints committed after it (never all of history unless
/// there is no usable checkpoint); kept current by following the log (a hot standby); saved as a checkpoint.
/// An erasure (<c>forget</c>) makes every state made before it stale: its fingerprint counts the lake's erasures,
/// so an older checkpoint is not used and a follower loads anew rather than keep the erased person.
/// </summary>
public sealed class IdentityState
{
    private IdentityState(IdentityRules rules, IdentityEngine engine, RedeliveryFilter redeliveries, long batch, long erasures, IdentifierVault? vault)
    {
        Vault = vault;
        Engine = engine;
        if (vault is not null)
        {
            engine.KeyPersonIds(vault.Hasher);
        }

        Redeliveries = redeliveries;
        Batch = batch;
        Erasures = erasures;
        Fingerprint = FingerprintOf(rules, erasures);
    }

    public IdentityEngine Engine { get; }

    /// <summary>A pseudonymised lake's restricted table, through which replays read identifiers back (null in a clear lake).</summary>
    public IdentifierVault? Vault { get; }

    public RedeliveryFilter Redeliveries { get; }

    /// <summary>The last batch whose events are in the state.</summary>
    public long Batch { get; private set; }

    /// <summary>The lake's erasures the state is after.</summary>
    public long Erasures { get; }

    /// <summary>Which identity rules and erasures the state was built under (a checkpoint made under others is not used).</summary>
    public string Fingerprint { get; }

    /// <summary>Events replayed from touchpoints by the last load or catch-up.</summary>
    public long Replayed { get; private set; }

    /// <param name="vault">A pseudonymised lake's restricted table (<see cref="LakePrivacy.OpenVaultAsync"/>); null for a clear lake.</param>
    public static async Task<IdentityState> LoadAsync(LakeContext lake, DeltaSnapshot touchpoints, IdentityRules rules, ILogger logger,
        IProgress<long>? progress, CancellationToken ct, IdentifierVault? vault = null)
    {
        var watch = Stopwatch.StartNew();
        if (vault is not null)
        {
            // The override rules read below may be newer than what this vault has read (a standby's).
            await vault.RefreshAsync(ct);
        }

        var upTo = touchpoints.TransactionVersion(Lake.Groups.TableGroup.Batch.AppId) ?? 0;
        var erasures = LakeProgress.Of(touchpoints).Erasures;
        var fingerprint = FingerprintOf(rules, erasures);
        var loaded = new IdentityCheckpoints(lake.Root, lake.Fs).Load(upTo, fingerprint,
            reader => (IdentityEngine.LoadState(reader, rules), RedeliveryFilter.Load(reader)),
            why => logger.LogWarning("Identity checkpoint not used: {Reason}", why));
        // From the start, the engine replays under the overrides the lake last recorded; the configured ones are
        // applied after (LakeIngestor), so what they change is logged.
        var state = loaded is { } l
            ? new IdentityState(rules, l.State.Item1, l.State.Item2, l.Batch, erasures, vault)
            : new IdentityState(rules, new IdentityEngine(rules, await IdentityOverridesReader.ReadAsync((await lake.OpenTableAsync(TableNames.IdentityOverrides, ct)).Snapshot, ct, vault)),
                new RedeliveryFilter(), 0, erasures, vault);
        var fromCheckpoint = state.Batch;
        await state.ReplayAsync(touchpoints, upTo, progress, ct);
        if (upTo > 0)
        {
            logger.LogInformation("Identity state at batch {Batch}: checkpoint of batch {Checkpoint}, {Events} events replayed, {Elapsed} ms",
                upTo, fromCheckpoint, state.Replayed, watch.ElapsedMilliseconds);
        }

        return state;
    }

    /// <summary>
    /// Takes in the batches another writer committed since <see cref="Batch"/> (the touchpoints table refreshed). False when
    /// the lake has had an erasure since this state was made: it is stale, load it anew (<see cref="LoadAsync"/>).
    /// </summary>
    public async Task<bool> CatchUpAsync(DeltaSnapshot touchpoints, CancellationToken ct)
    {
        if (LakeProgress.Of(touchpoints).Erasures != Erasures)
        {
            return false;
        }

        var upTo = touchpoints.TransactionVersion(Lake.Groups.TableGroup.Batch.AppId) ?? 0;
        if (upTo > Batch)
        {
            await ReplayAsync(touchpoints, upTo, null, ct);
        }

        return true;
    }

    /// <summary>Marks a batch committed by this process (its events went through the engine as they arrived).</summary>
    public void Committed(long batch) => Batch = batch;

    public async Task SaveAsync(LakeContext lake, CancellationToken ct) =>
        await new IdentityCheckpoints(lake.Root, lake.Fs).SaveAsync(Batch, Fingerprint, writer =>
        {
            Engine.SaveState(writer);
            Redeliveries.Save(writer);
        }, ct);

    private async Task ReplayAsync(DeltaSnapshot touchpoints, long upTo, IProgress<long>? progress, CancellationToken ct)
    {
        var events = await LakeReplay.ReadAsync(touchpoints, Batch, Engine.Normalizer, (e, keys) =>
        {
            if (!Redeliveries.TryAccept(e.EventId))
            {
                throw new InvalidDataException($"event {e.EventId} is in the lake twice");
            }

            if (!keys.IsEmpty)
            {
                Engine.Observe(e, keys);
            }
        }, progress, ct, Vault);
        Engine.Resolve(logChanges: false);
        Replayed = events;
        Batch = upTo;
    }

    /// <summary>
    /// The rules but not the overrides (the state records the overrides it is under, and a change of them is applied to it),
    /// and the lake's erasures.
    /// </summary>
    private static string FingerprintOf(IdentityRules rules, long erasures)
    {
        var json = JsonSerializer.SerializeToNode(rules)!.AsObject();
        json.Remove(nameof(IdentityRules.Overrides));
        return Convert.ToHexStringLower(XxHash128.Hash(JsonSerializer.SerializeToUtf8Bytes(json))) +
            (erasures == 0 ? "" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"/erasure-{erasures}"));
    }
}
