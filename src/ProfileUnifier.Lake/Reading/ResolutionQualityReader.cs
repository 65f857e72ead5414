using ProfileUnifier.Core.Evaluation;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Lake.Reading;

/// <summary>Measures the lake's current resolution of every committed event against known truth.</summary>
public static class ResolutionQualityReader
{
    public static async Task<ResolutionQuality> EvaluateAsync(string root, IReadOnlyDictionary<string, TruthRecord> truth, CancellationToken ct)
    {
        var lake = await LakeReader.ReadAsync(root, ct);

        // Touchpoints carry the resolution as of ingestion; signatures say where each identifier set belongs now.
        var current = new Dictionary<string, (string? Profile, string? Account)>(StringComparer.Ordinal);
        await foreach (var group in ParquetRowGroups.ReadAsync(lake.LiveFiles(TableNames.Signatures), ct))
        {
            var (ids, profiles, accounts) = (await group.Strings("signature_id"), await group.Strings("profile_id"), await group.Strings("account_id"));
            for (var i = 0; i < group.Rows; i++)
            {
                current[ids[i]!] = (profiles[i], accounts[i]);
            }
        }

        var events = new List<(string?, string?, TruthRecord)>();
        await foreach (var group in ParquetRowGroups.ReadAsync(lake.LiveFiles(TableNames.Touchpoints), ct))
        {
            var (eventIds, signatures) = (await group.Strings("event_id"), await group.Strings("signature_id"));
            var (profilesAtIngest, accountsAtIngest) = (await group.Strings("profile_id"), await group.Strings("account_id"));
            for (var i = 0; i < group.Rows; i++)
            {
                if (truth.TryGetValue(eventIds[i]!, out var record))
                {
                    // A touchpoint newer than the signatures snapshot keeps its resolution at ingestion.
                    var (profile, account) = current.TryGetValue(signatures[i]!, out var now) ? now : (profilesAtIngest[i], accountsAtIngest[i]);
                    events.Add((profile, account, record));
                }
            }
        }

        return ResolutionQuality.Compute(events);
    }
}
