using System.Collections;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using ProfileUnifier.Analytics.Model;
using ProfileUnifier.Core.Events;
using static ProfileUnifier.Analytics.Lake.SqlValues;
using static ProfileUnifier.Analytics.Model.RankWindows;

namespace ProfileUnifier.Analytics.Lake;

/// <summary>
/// The bookkeeping events up to the as-of day, per account: its feedback scores, its latest budget (the greatest
/// (time, event_id)), its assessments (parsed here: the criteria are whatever the CRM sends) and its campaign emails
/// counted per campaign, day and type in SQL. Every rule picks by (time, event_id) or sums, so nothing depends on
/// the order DuckDB hands the rows over in.
/// </summary>
internal static class BookkeepingQuery
{
    /// <summary>The columns <see cref="Sql"/> selects after <c>idx</c>.</summary>
    public const int Columns = 4;

    /// <summary>Per account (<c>idx</c>, then <see cref="Columns"/> columns) with any bookkeeping event in <paramref name="events"/>.</summary>
    public static string Sql(string events, RankWindows w)
    {
        var end = Micros(w.End);
        var campaignTypes = RankingFactsQuery.SqlList(CampaignEvents.EventTypes);
        return $"""
            WITH b AS (
              SELECT idx,
                     list(struct_pack(at := at_us, nps)) FILTER (WHERE type = '{EventCatalog.Feedback}' AND nps IS NOT NULL) AS nps,
                     arg_max(struct_pack(at := at_us, amount := annual_budget), (at_us, event_id))
                       FILTER (WHERE type = '{EventCatalog.AccountUpdated}' AND annual_budget IS NOT NULL) AS budget,
                     list(struct_pack(at := at_us, event_id, json := properties_json)) FILTER (WHERE type = '{EventCatalog.Assessment}' AND properties_json IS NOT NULL) AS assessments
              FROM (SELECT idx, type, event_id, nps, annual_budget, properties_json, epoch_us(occurred_at) AS at_us FROM {events}
                    WHERE idx IS NOT NULL AND type IN ('{EventCatalog.Feedback}', '{EventCatalog.AccountUpdated}', '{EventCatalog.Assessment}') AND epoch_us(occurred_at) < {end})
              GROUP BY idx),
            c AS (
              SELECT idx, list(struct_pack(campaign := campaign_id, day, type, n, first)) AS campaigns
              FROM (SELECT idx, campaign_id, (epoch_us(occurred_at) // 86400000000)::INTEGER AS day, type, count(*) AS n, min(epoch_us(occurred_at)) AS first
                    FROM {events}
                    WHERE idx IS NOT NULL AND type IN ({campaignTypes}) AND campaign_id IS NOT NULL AND epoch_us(occurred_at) < {end}
                    GROUP BY ALL)
              GROUP BY idx)
            SELECT coalesce(b.idx, c.idx) AS idx, b.nps, b.budget, b.assessments, c.campaigns FROM b FULL JOIN c ON c.idx = b.idx
            """;
    }

    /// <summary>Fills the account's bookkeeping facts from the columns after <paramref name="offset"/> (its <c>idx</c>).</summary>
    public static void Fill(DbDataReader reader, int offset, AccountFacts facts)
    {
        foreach (var e in Structs(reader, offset + 1))
        {
            facts.Nps.Add((Time(Long(e["at"])), Convert.ToInt32(e["nps"], CultureInfo.InvariantCulture)));
        }

        if (!reader.IsDBNull(offset + 2) && reader.GetValue(offset + 2) is IDictionary<string, object?> budget)
        {
            facts.AnnualBudget = (Time(Long(budget["at"])), Convert.ToDouble(budget["amount"], CultureInfo.InvariantCulture));
        }

        foreach (var e in Structs(reader, offset + 3))
        {
            Judge(facts, (string)e["json"]!, Time(Long(e["at"])), (string)e["event_id"]!);
        }

        foreach (var e in Structs(reader, offset + 4))
        {
            if (CampaignEvents.TryParse((string?)e["type"], out var kind))
            {
                var day = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + Convert.ToInt32(e["day"], CultureInfo.InvariantCulture);
                facts.Campaigns.Add(new CampaignActivity((string)e["campaign"]!, DateOnly.FromDayNumber(day), kind,
                    Convert.ToInt32(e["n"], CultureInfo.InvariantCulture), Time(Long(e["first"]))));
            }
        }
    }

    /// <summary>The structs of a list column (DuckDB.NET reads structs as dictionaries); none when it is null.</summary>
    private static IEnumerable<IDictionary<string, object?>> Structs(DbDataReader reader, int i) =>
        reader.IsDBNull(i) ? [] : ((IEnumerable)reader.GetValue(i)).Cast<IDictionary<string, object?>>();

    private static long Long(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

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
