using ProfileUnifier.Analytics.Model;
using ProfileUnifier.Analytics.Options;

namespace ProfileUnifier.Analytics.Campaigns;

/// <summary>
/// Campaign × account reactions over the revenue window ending on the as-of day: the account's email events that
/// name the campaign, counted by type, and its orders within <see cref="CampaignOptions.ReactionWindowDays"/> after
/// its first click or reply (and before the window's end). Pure and ordered by campaign, then account.
/// </summary>
public static class CampaignReactionEngine
{
    public static IReadOnlyList<CampaignReaction> Compute(IReadOnlyCollection<AccountFacts> accounts, AnalyticsOptions options, DateOnly asOf)
    {
        var first = asOf.AddDays(1 - options.RevenueWindowDays);
        var end = asOf.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var rows = new List<CampaignReaction>();
        foreach (var facts in accounts)
        {
            foreach (var campaign in facts.Campaigns.Where(c => c.Day >= first && c.Day <= asOf).GroupBy(c => c.CampaignId, StringComparer.Ordinal))
            {
                var counts = new int[5];
                DateTime? firstSent = null, firstReaction = null;
                var last = DateTime.MinValue;
                foreach (var day in campaign)
                {
                    counts[(int)day.Type] += day.Count;
                    last = Max(last, day.First);
                    if (day.Type == CampaignEvent.Sent)
                    {
                        firstSent = Min(firstSent, day.First);
                    }
                    else if (day.Type is CampaignEvent.Clicked or CampaignEvent.Replied)
                    {
                        firstReaction = Min(firstReaction, day.First);
                    }
                }

                var (orders, revenue) = (0, 0m);
                if (firstReaction is { } reacted)
                {
                    var until = Min(end, reacted.AddDays(options.Campaigns.ReactionWindowDays))!.Value;
                    foreach (var (at, amount) in facts.OrdersAfterReactions.Where(o => o.At >= reacted && o.At < until))
                    {
                        orders++;
                        revenue += amount;
                    }
                }

                rows.Add(new CampaignReaction(campaign.Key, facts.AccountId, counts[0], counts[1], counts[2], counts[3], counts[4],
                    firstSent, firstReaction, last, orders, (double)revenue));
            }
        }

        rows.Sort((a, b) => string.CompareOrdinal(a.CampaignId, b.CampaignId) is var c && c != 0 ? c : string.CompareOrdinal(a.AccountId, b.AccountId));
        return rows;
    }

    private static DateTime? Min(DateTime? a, DateTime b) => a is { } x && x <= b ? x : b;

    private static DateTime Max(DateTime a, DateTime b) => a >= b ? a : b;
}
