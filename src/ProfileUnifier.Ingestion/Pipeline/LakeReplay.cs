using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Privacy;
using ProfileUnifier.Lake.Reading;

namespace ProfileUnifier.Ingestion.Pipeline;

/// <summary>
/// The committed events of a touchpoints version after a batch (0: all of them), normalised again, in the order the
/// files hold them: what rebuilds an identity engine (a start, a standby following the log, <c>explain</c>). The
/// engine's result does not depend on that order. The keys can be empty when the rules changed since (a value now a
/// placeholder): such an event is not observed by the engine.
/// </summary>
public static class LakeReplay
{
    /// <returns>The number of events read.</returns>
    /// <param name="vault">A pseudonymised lake's restricted table: the events' identifiers are read back as values through it.</param>
    public static async Task<long> ReadAsync(DeltaSnapshot? touchpoints, long afterBatch, IdentifierNormalizer normalizer,
        Action<IncomingEvent, IdentityKeys> observe, IProgress<long>? progress, CancellationToken ct, IdentifierVault? vault = null)
    {
        if (touchpoints is null)
        {
            return 0;
        }

        if (vault is not null)
        {
            // Written ahead of the batches: refreshed now, it has every token of the touchpoints read next.
            await vault.RefreshAsync(ct);
        }

        long events = 0;
        await foreach (var e in TouchpointReader.ReadAsync(touchpoints.TableRoot, TouchpointReader.FilesAfter(touchpoints, afterBatch), afterBatch, vault, ct))
        {
            observe(e, normalizer.Normalize(e.Identifiers, e.Account));

            if ((++events & 0xFFFF) == 0)
            {
                progress?.Report(events);
            }
        }

        progress?.Report(events);
        return events;
    }
}
