using ProfileUnifier.Core.Evaluation;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Lake.Reading;

/// <summary>Measures the lake's current resolution of every committed event against known truth.</summary>
public static class ResolutionQualityReader
{
    public static async Task<ResolutionQuality> EvaluateAsync(string root, IReadOnlyDictionary<string, TruthRecord> truth, CancellationToken ct)
    {
        var state = LakeSnapshot.Read(root);

        // Touchpoints carry the resolution as of ingestion; signatures say where each identifier set belongs now.
        var current = new Dictionary<string, (string? Profile, string? Account)>(StringComparer.Ordinal);
        await foreach (var group in ParquetRowGroups.ReadAsync(root, [LakePaths.SnapshotFile(TableNames.Signatures)], ct))
        {
            var (ids, profiles, accounts) = (await group.Strings("signature_id"), await group.Strings("profile_id"), await group.Strings("account_id"));
            for (var i = 0; i < group.Rows; i++)
            {
                current[ids[i]!] = (profiles[i], accounts[i]);
            }
        }

        var events = new List<(string?, string?, TruthRecord)>();
        await foreach (var group in ParquetRowGroups.ReadAsync(root, state.FilesOf(TableNames.Touchpoints), ct))
        {
            var (eventIds, signatures) = (await group.Strings("event_id"), await group.Strings("signature_id"));
            for (var i = 0; i < group.Rows; i++)
            {
                if (truth.TryGetValue(eventIds[i]!, out var record))
                {
                    var (profile, account) = current.GetValueOrDefault(signatures[i]!);
                    events.Add((profile, account, record));
                }
            }
        }

        return ResolutionQuality.Compute(events);
    }
}
