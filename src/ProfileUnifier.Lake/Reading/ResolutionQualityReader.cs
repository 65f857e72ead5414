using ProfileUnifier.Core.Evaluation;
using ProfileUnifier.Lake.Commit;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Lake.Reading;

/// <summary>Measures the lake's current resolution of every committed event against known truth.</summary>
public static class ResolutionQualityReader
{
    public static async Task<ResolutionQuality> EvaluateAsync(string root, IReadOnlyDictionary<string, TruthRecord> truth, CancellationToken ct)
    {
        var log = new CommitLog(root);
        if (!Directory.Exists(log.Folder))
        {
            throw new DirectoryNotFoundException($"no lake at {root} (no {LakePaths.Log} folder)");
        }

        var state = new LakeState();
        foreach (var entry in log.ReadAll())
        {
            state.Apply(entry);
        }

        // Touchpoints carry the resolution as of ingestion; signatures say where each identifier set belongs now.
        var current = new Dictionary<string, (string? Profile, string? Account)>(StringComparer.Ordinal);
        await foreach (var columns in StringColumnsReader.ReadAsync(root, [LakePaths.SnapshotFile(TableNames.Signatures)],
                           ["signature_id", "profile_id", "account_id"], ct))
        {
            for (var i = 0; i < columns[0].Length; i++)
            {
                current[columns[0][i]!] = (columns[1][i], columns[2][i]);
            }
        }

        var events = new List<(string?, string?, TruthRecord)>();
        await foreach (var columns in StringColumnsReader.ReadAsync(root, state.FilesOf(TableNames.Touchpoints), ["event_id", "signature_id"], ct))
        {
            for (var i = 0; i < columns[0].Length; i++)
            {
                if (truth.TryGetValue(columns[0][i]!, out var record))
                {
                    var (profile, account) = current.GetValueOrDefault(columns[1][i]!);
                    events.Add((profile, account, record));
                }
            }
        }

        return ResolutionQuality.Compute(events);
    }
}
