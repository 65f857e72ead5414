using System.Text.Json;
using ProfileUnifier.Analytics.Model;
using ProfileUnifier.Core.Events;
using ProfileUnifier.Query;
using static ProfileUnifier.Analytics.Lake.SqlValues;
using static ProfileUnifier.Analytics.Model.RankWindows;

namespace ProfileUnifier.Analytics.Lake;

/// <summary>
/// The events the engine reads one by one, up to the as-of day: feedback, the latest budget, the latest judged score
/// per criterion and campaign emails (per campaign, day and type); invoices and payments are matched in SQL
/// (<see cref="PaymentsQuery"/>). One scan; rows come in any order and every rule picks by (time, event_id) or sums, so
/// the facts do not depend on it.
/// </summary>
internal static class BookkeepingQuery
{
    public static void Read(LakeDatabase lake, RankWindows w, AccountFacts[] accounts, string types)
    {
        var budgets = new Dictionary<int, (long At, string EventId, double Amount)>();
        var campaigns = new Dictionary<(int Account, string Campaign, int Day, CampaignEvent Type), (int Count, long First)>();
        lake.Read($"""
            SELECT idx, type, CASE WHEN type IN ('{EventCatalog.AccountUpdated}', '{EventCatalog.Assessment}') THEN event_id END,
                   epoch_us(occurred_at), nps, annual_budget, campaign_id, (epoch_us(occurred_at) // 86400000000)::INTEGER,
                   CASE WHEN type = '{EventCatalog.Assessment}' THEN properties_json END
            FROM {RankingFactsQuery.Events}
            WHERE idx IS NOT NULL AND type IN ({types}) AND epoch_us(occurred_at) < {Micros(w.End)}
            """, reader =>
        {
            while (reader.Read())
            {
                var index = reader.GetInt32(0);
                var facts = accounts[index];
                // event_id only where a tie needs it: most rows here are campaign emails.
                var (type, eventId, at) = (reader.GetString(1), Text(reader, 2) ?? "", reader.GetInt64(3));
                switch (type)
                {
                    case EventCatalog.Feedback when !reader.IsDBNull(4):
                        facts.Nps.Add((Time(at), reader.GetInt32(4)));
                        break;
                    case EventCatalog.AccountUpdated when NullableDouble(reader, 5) is { } budget:
                        if (!budgets.TryGetValue(index, out var known) || (at, eventId).CompareTo((known.At, known.EventId)) > 0)
                        {
                            budgets[index] = (at, eventId, budget);
                        }

                        break;
                    case EventCatalog.Assessment when Text(reader, 8) is { } json:
                        Judge(facts, json, Time(at), eventId);
                        break;
                    default:
                        if (CampaignEvents.TryParse(type, out var kind) && Text(reader, 6) is { } campaign)
                        {
                            var day = (index, campaign, DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + reader.GetInt32(7), kind);
                            var (count, first) = campaigns.GetValueOrDefault(day, (0, long.MaxValue));
                            campaigns[day] = (count + 1, Math.Min(first, at));
                        }

                        break;
                }
            }

            return 0;
        });

        foreach (var (account, budget) in budgets)
        {
            accounts[account].AnnualBudget = (Time(budget.At), budget.Amount);
        }

        foreach (var ((account, campaign, day, kind), (count, first)) in campaigns)
        {
            accounts[account].Campaigns.Add(new CampaignActivity(campaign, DateOnly.FromDayNumber(day), kind, count, Time(first)));
        }
    }

    private static void Judge(AccountFacts facts, string json, DateTime at, string eventId)
    {
        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("criteria", out var criteria) || criteria.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var criterion in criteria.EnumerateObject())
        {
            if (criterion.Value.TryGetInt32(out var score))
            {
                var judged = new JudgedScore(at, eventId, score);
                if (!facts.Judged.TryGetValue(criterion.Name, out var known) || judged.IsLaterThan(known))
                {
                    facts.Judged[criterion.Name] = judged;
                }
            }
        }
    }
}
