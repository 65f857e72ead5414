namespace ProfileUnifier.Reporting;

/// <summary>
/// Which key accounts react to which campaigns, and which stopped: a key account that clicked or replied to a campaign
/// first sent before the recent period, received campaigns in it, and reacted to none of them.
/// </summary>
public static class CampaignSummary
{
    /// <summary>The latest campaigns any key account received (oldest first) and, per key account, its reaction to each.</summary>
    public static (IReadOnlyList<string> Campaigns, IReadOnlyList<(RankedAccount Account, IReadOnlyList<Reaction> Cells)> Rows) Matrix(
        ReportData data, int accounts = 12, int campaigns = 8)
    {
        var keys = data.KeyAccounts.Take(accounts).ToList();
        var ids = keys.Select(a => a.AccountId).ToHashSet(StringComparer.Ordinal);
        var rows = data.Campaigns.Where(c => ids.Contains(c.AccountId)).ToList();
        var latest = rows.GroupBy(c => c.CampaignId, StringComparer.Ordinal)
            .Select(g => (Id: g.Key, First: g.Min(c => c.FirstSentAt ?? c.LastActivityAt)))
            .OrderByDescending(c => c.First).ThenBy(c => c.Id, StringComparer.Ordinal).Take(campaigns)
            .OrderBy(c => c.First).ThenBy(c => c.Id, StringComparer.Ordinal).Select(c => c.Id).ToList();
        var byKey = rows.ToDictionary(c => (c.AccountId, c.CampaignId));
        return (latest, [.. keys.Select(a => (a, (IReadOnlyList<Reaction>)[.. latest.Select(c => Of(byKey.GetValueOrDefault((a.AccountId, c))))]))]);
    }

    /// <summary>Key accounts that reacted before the last <see cref="ReportThresholds.RecentCampaignDays"/> and not since.</summary>
    public static IReadOnlyList<(RankedAccount Account, DateTime LastReaction, int RecentCampaigns)> Stopped(ReportData data)
    {
        var cutoff = data.Portfolio.AsOf.AddDays(1 - data.Thresholds.RecentCampaignDays).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var result = new List<(RankedAccount, DateTime, int)>();
        foreach (var account in data.KeyAccounts)
        {
            var rows = data.Campaigns.Where(c => c.AccountId == account.AccountId).ToList();
            var recent = rows.Where(c => (c.FirstSentAt ?? c.LastActivityAt) >= cutoff).ToList();
            var earlier = rows.Where(c => c.Reacted && (c.FirstSentAt ?? c.LastActivityAt) < cutoff).ToList();
            if (earlier.Count > 0 && recent.Count > 0 && !recent.Any(c => c.Reacted))
            {
                result.Add((account, earlier.Max(c => c.FirstReactionAt ?? c.LastActivityAt), recent.Count));
            }
        }

        return result;
    }

    private static Reaction Of(CampaignRow? row) => row switch
    {
        null => Reaction.None,
        { Replied: > 0 } => Reaction.Replied,
        { Clicked: > 0 } => Reaction.Clicked,
        { Opened: > 0 } => Reaction.Opened,
        _ => Reaction.Sent,
    };
}

/// <summary>An account's strongest reaction to a campaign.</summary>
public enum Reaction
{
    None,
    Sent,
    Opened,
    Clicked,
    Replied,
}
