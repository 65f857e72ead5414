using System.Diagnostics;
using System.IO.Hashing;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Core.Identity.Graph;
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
/// What grows with every event (the ids of accepted events, the order reports) is not in a checkpoint but in sorted
/// runs each checkpoint adds to (<see cref="RunFiles{T}"/>), mapped from their files: neither a checkpoint nor a start
/// reads or writes what the lake holds. The state owns those mappings (<see cref="Dispose"/>).
/// </summary>
public sealed class IdentityState : IDisposable
{
    private IReadOnlyList<MappedRun<UInt128>> _idRuns;
    private IReadOnlyList<MappedRun<OrderRecord>> _orderRuns;

    private IdentityState(IdentityRules rules, IdentityEngine engine, RedeliveryFilter redeliveries, long batch, long erasures,
        IReadOnlyList<MappedRun<UInt128>> idRuns, IReadOnlyList<MappedRun<OrderRecord>> orderRuns, IdentifierVault? vault)
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
        _idRuns = idRuns;
        _orderRuns = orderRuns;
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
        var loaded = new IdentityCheckpoints(lake.Root, lake.Fs).Load(upTo, fingerprint, (reader, runs) =>
            {
                var (ids, orders) = (IdRuns(lake).Open(runs), OrderRuns(lake).Open(runs));
                try
                {
                    var engine = IdentityEngine.LoadState(reader, rules, Memories(orders));
                    return new IdentityState(rules, engine, new RedeliveryFilter(Memories(ids)), 0, erasures, ids, orders, vault);
                }
                catch
                {
                    Unmap(ids, []);
                    Unmap(orders, []);
                    throw;
                }
            },
            why => logger.LogWarning("Identity checkpoint not used: {Reason}", why));
        // From the start, the engine replays under the overrides the lake last recorded; the configured ones are
        // applied after (LakeIngestor), so what they change is logged.
        IdentityState state;
        if (loaded is { } l)
        {
            state = l.State;
            state.Batch = l.Batch;
        }
        else
        {
            var overrides = await IdentityOverridesReader.ReadAsync((await lake.OpenTableAsync(TableNames.IdentityOverrides, ct)).Snapshot, ct, vault);
            state = new IdentityState(rules, new IdentityEngine(rules, overrides), new RedeliveryFilter(), 0, erasures, [], [], vault);
        }

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

    /// <summary>
    /// Checkpoints the state: the ids and order reports taken since the last checkpoint as new runs (merged with the
    /// newest ones while of a size), then the engine's state listing the runs it stands on. Until the end it only reads
    /// the state, so other readers may run beside it; it then moves the engine and the redelivery filter onto the new
    /// runs (unmapping the old ones), which waits for <paramref name="otherReaders"/> to end (failed or not).
    /// </summary>
    public async Task SaveAsync(LakeContext lake, CancellationToken ct, Task? otherReaders = null)
    {
        var ids = await IdRuns(lake).AppendAsync(_idRuns, Redeliveries.Unarchived(), ct);
        IReadOnlyList<MappedRun<OrderRecord>> orders = [];
        try
        {
            orders = await OrderRuns(lake).AppendAsync(_orderRuns, [Engine.UnarchivedOrders()], ct);
            await new IdentityCheckpoints(lake.Root, lake.Fs).SaveAsync(Batch, Fingerprint, [.. ids.Select(r => r.Name), .. orders.Select(r => r.Name)],
                Engine.SaveState, ct);
        }
        catch
        {
            Unmap(ids, _idRuns);
            Unmap(orders, _orderRuns);
            throw;
        }

        if (otherReaders is not null)
        {
            // WhenAny: their failure is theirs to report, not the checkpoint's (which is written).
            await Task.WhenAny(otherReaders);
        }

        Redeliveries.Archived(Memories(ids));
        Engine.OrdersArchived(Memories(orders));
        Unmap(_idRuns, ids);
        Unmap(_orderRuns, orders);
        (_idRuns, _orderRuns) = (ids, orders);
    }

    /// <summary>Unmaps the runs the state stands on: it is not used any more.</summary>
    public void Dispose()
    {
        Unmap(_idRuns, []);
        Unmap(_orderRuns, []);
        (_idRuns, _orderRuns) = ([], []);
    }

    private static RunFiles<UInt128> IdRuns(LakeContext lake) =>
        new(lake.Fs, Path.Combine(lake.Root, IdentityCheckpoints.FolderName), "ids", RedeliveryFilter.Merge);

    private static RunFiles<OrderRecord> OrderRuns(LakeContext lake) =>
        new(lake.Fs, Path.Combine(lake.Root, IdentityCheckpoints.FolderName), "orders", IdentityEngine.MergeOrderRuns);

    private static ReadOnlyMemory<T>[] Memories<T>(IReadOnlyList<MappedRun<T>> runs)
        where T : unmanaged => [.. runs.Select(r => (ReadOnlyMemory<T>)r.Memory)];

    /// <summary>Unmaps the runs of <paramref name="runs"/> that <paramref name="kept"/> does not hold.</summary>
    private static void Unmap<T>(IReadOnlyList<MappedRun<T>> runs, IReadOnlyList<MappedRun<T>> kept)
        where T : unmanaged
    {
        foreach (var run in runs.Except(kept))
        {
            ((IDisposable)run).Dispose();
        }
    }

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
