using ProfileUnifier.Core.Evaluation;

namespace ProfileUnifier.Query.Evaluation;

/// <summary>Measures the lake's current resolution of every committed event (view <c>events</c>) against known truth.</summary>
public static class ResolutionQualityReader
{
    public static Task<ResolutionQuality> EvaluateAsync(string root, IReadOnlyDictionary<string, TruthRecord> truth, CancellationToken ct)
    {
        using var lake = LakeDatabase.Open(root);
        lake.Require(LakeViews.Events);
        var events = lake.Read("SELECT event_id, profile_id, account_id FROM events", reader =>
        {
            var rows = new List<(string?, string?, TruthRecord)>();
            while (reader.Read())
            {
                ct.ThrowIfCancellationRequested();
                if (truth.TryGetValue(reader.GetString(0), out var record))
                {
                    rows.Add((reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), record));
                }
            }

            return rows;
        });
        return Task.FromResult(ResolutionQuality.Compute(events));
    }
}
