using ProfileUnifier.Core.Identity.Graph;

namespace ProfileUnifier.Core.Identity.Accounts;

/// <summary>
/// Finds the moves between employers that the last resolve shows and no earlier one did (engine state: the moves
/// already reported, by profile, from and to account ids), so each is logged once.
/// </summary>
internal sealed class JobChangeTracker
{
    /// <summary>Moves already reported: the state to keep across restarts (replaying the lake rebuilds it).</summary>
    public HashSet<(string Profile, string From, string To)> Known { get; } = [];

    public void Save(BinaryWriter writer)
    {
        writer.Write(Known.Count);
        foreach (var (profile, from, to) in Known)
        {
            writer.Write(profile);
            writer.Write(from);
            writer.Write(to);
        }
    }

    public void Load(BinaryReader reader)
    {
        for (var i = reader.ReadInt32(); i > 0; i--)
        {
            Known.Add((reader.ReadString(), reader.ReadString(), reader.ReadString()));
        }
    }

    public List<JobChange> Detect(AccountAttribution attribution, ClusterSet people, ClusterSet companies, SignatureTable signatures,
        BatchContext batch, bool log)
    {
        var found = new List<JobChange>();
        Dictionary<int, (string EventId, long Ticks)>? firstNew = null;
        // Only the people whose periods or ids changed: making every mover's ids at each resolve (a keyed hash each) was a
        // tenth of a small batch's resolve on a large state.
        foreach (var profile in attribution.PeriodsChanged)
        {
            if (attribution.History(profile) is not { } history)
            {
                continue;
            }

            for (var i = 0; i + 1 < history.Count; i++)
            {
                var (from, to) = (history[i], history[i + 1]);
                var key = (people.IdOf(profile), companies.IdOf(from.Account), companies.IdOf(to.Account));
                if (!Known.Add(key) || !log)
                {
                    continue;
                }

                string? eventId;
                if (batch.TryGetNewSignature(to.FirstSignature, out var first) && first.Ticks == signatures.FirstSeen[to.FirstSignature])
                {
                    eventId = first.EventId;
                }
                else
                {
                    firstNew ??= FirstNewSignatureOfEachProfile(attribution, batch);
                    eventId = firstNew.TryGetValue(profile, out var linking) ? linking.EventId : null;
                }

                found.Add(new JobChange(key.Item1, key.Item2, key.Item3, At(to.FirstSeen), At(from.LastSeen), eventId));
            }
        }

        found.Sort((a, b) => a.ProfileId != b.ProfileId
            ? string.CompareOrdinal(a.ProfileId, b.ProfileId)
            : a.FirstSeenAtNew.CompareTo(b.FirstSeenAtNew));
        return found;
    }

    private static Dictionary<int, (string EventId, long Ticks)> FirstNewSignatureOfEachProfile(AccountAttribution attribution, BatchContext batch)
    {
        var first = new Dictionary<int, (string EventId, long Ticks)>();
        foreach (var (sig, seen) in batch.NewSignatures)
        {
            var profile = attribution.ProfileOf(sig);
            if (profile >= 0 && (!first.TryGetValue(profile, out var best) || seen.Ticks < best.Ticks ||
                                 (seen.Ticks == best.Ticks && string.CompareOrdinal(seen.EventId, best.EventId) < 0)))
            {
                first[profile] = seen;
            }
        }

        return first;
    }

    private static DateTimeOffset At(long ticks) => new(ticks, TimeSpan.Zero);
}
