using Microsoft.Extensions.Logging;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Ingestion.Pipeline;
using ProfileUnifier.Lake;
using ProfileUnifier.Lake.Commit;
using ProfileUnifier.Lake.Groups;
using ProfileUnifier.Lake.Privacy;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Ingestion.Erasure;

/// <summary>
/// <c>forget</c> from start to end: asks a running worker to hand the lake over (it stands by and takes it back after),
/// takes the writer lease like <c>ingest</c>, erases (<see cref="LakeEraser"/>), then opens the lake afresh, which rebuilds
/// the identity state without the person and finishes the erasure (<see cref="ErasureFinisher"/>).
/// </summary>
public sealed class ForgetJob(LakeContext lake, IdentityRules rules, IngestOptions ingest, PrivacyOptions privacy, ILogger logger)
{
    /// <summary>How long forget watches a writer's heartbeat before taking over from one that stopped beating.</summary>
    private static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(5);

    /// <param name="buffers">Buffers of the tables besides the batch and identity tables that forget may rewrite.</param>
    /// <param name="wait">How long a live writer may take to hand the lake over before forget gives up (exit 4).</param>
    /// <param name="waiting">Told once who holds the lake, when forget has to wait.</param>
    public async Task<ErasureRecord> RunAsync(ErasureRequest request, Func<string, TableBuffer?> buffers, TimeSpan wait, Action<string>? waiting,
        CancellationToken ct)
    {
        var owner = WriterIdentity.New().Id;
        using var handOff = HandOffRequest.Make(lake, owner);
        using var lease = await WriterLease.AcquireAsync(lake, owner, LeaseTime, holder => waiting?.Invoke($"waiting for {holder} to hand the lake over"),
            null, giveUpAfter: wait, ct);
        var writer = new WriterIdentity(lease.Owner, lease.Epoch);
        var ingestor = await LakeIngestor.OpenAsync(lake, rules, ingest, writer, logger, null, ct, privacy: privacy);
        var record = await new LakeEraser(ingestor, buffers, logger).EraseAsync(request, ct);
        // The state is stale now: a fresh open rebuilds it without the person and finishes the erasure.
        await LakeIngestor.OpenAsync(lake, rules, ingest, writer, logger, null, ct, privacy: privacy);
        return record;
    }
}
