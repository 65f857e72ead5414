using System.Data.Common;
using ProfileUnifier.Analytics.Model;
using ProfileUnifier.Analytics.Money;
using ProfileUnifier.Analytics.Options;
using ProfileUnifier.Core.Events;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Query;
using static ProfileUnifier.Analytics.Lake.SqlValues;
using static ProfileUnifier.Analytics.Model.RankWindows;

namespace ProfileUnifier.Analytics.Lake;

/// <summary>
/// Gathers account facts as of a day through DuckDB SQL over the views <c>query</c> uses (<see cref="LakeDatabase"/>):
/// touchpoints with their current account (view <c>events</c>). DuckDB does the heavy part in parallel: each order_id
/// once (the CRM's report, else the earliest; ties by event_id), converted at its day's rate, summed per account over
/// the periods of <see cref="RankWindows"/>, and activity counted per account. What crosses into .NET is a row per
/// account plus the bookkeeping events (invoices, payments, feedback, budgets, assessments, campaign emails).
/// </summary>
public static class RankingFactsQuery
{
    /// <summary>Bookkeeping, not contact: they do not count as touchpoints for activity.</summary>
    private static readonly string NotInteractions = SqlList(
        [EventCatalog.InvoiceIssued, EventCatalog.PaymentReceived, EventCatalog.AccountUpdated, EventCatalog.Assessment]);

    private static readonly string Bookkeeping = SqlList(
        [EventCatalog.InvoiceIssued, EventCatalog.PaymentReceived, EventCatalog.Feedback, EventCatalog.AccountUpdated, EventCatalog.Assessment,
         .. CampaignEvents.EventTypes]);

    /// <summary>The first and last day of the lake's events (with an account or not); nulls when it has none.</summary>
    public static (DateOnly? First, DateOnly? Last) Range(LakeDatabase lake) =>
        !lake.Has(TableNames.Touchpoints) ? (null, null) : lake.Read($"""
            SELECT min(occurred_at)::DATE - DATE '0001-01-01', max(occurred_at)::DATE - DATE '0001-01-01' FROM {TableNames.Touchpoints}
            """, reader => reader.Read() && !reader.IsDBNull(0)
                ? (DateOnly.FromDayNumber((int)reader.GetInt64(0)), DateOnly.FromDayNumber((int)reader.GetInt64(1)))
                : ((DateOnly?)null, (DateOnly?)null));

    public static IReadOnlyCollection<AccountFacts> Read(LakeDatabase lake, RankWindows w, AnalyticsOptions options)
    {
        if (!lake.Has(LakeViews.Events) || !lake.Has(TableNames.Accounts))
        {
            return [];
        }

        // Accounts by a dense index, so rows cross into .NET with an integer, not an id string to look up.
        lake.Execute($"CREATE OR REPLACE TEMP TABLE {Accounts} AS SELECT account_id, crm_account_id, name, (row_number() OVER (ORDER BY account_id) - 1)::INTEGER AS idx FROM {TableNames.Accounts}");
        var accounts = lake.Read($"SELECT account_id, crm_account_id, name FROM {Accounts} ORDER BY idx", reader =>
        {
            var all = new List<AccountFacts>();
            while (reader.Read())
            {
                all.Add(new AccountFacts(reader.GetString(0)) { CrmAccountId = Text(reader, 1), Name = Text(reader, 2) });
            }

            return all.ToArray();
        });
        BookkeepingQuery.Read(lake, w, accounts, Bookkeeping);
        FxTable.Register(lake, options.Currency);
        ReadOrders(lake, w, options.Currency, accounts);
        ReadActivity(lake, w, accounts);
        KeyContactDepartures.Read(lake, accounts);
        return accounts;
    }

    /// <summary>The temporary table of accounts and their index.</summary>
    internal const string Accounts = "rank_accounts";

    /// <summary>
    /// Orders deduplicated, converted and summed per account. Decimal sums in DuckDB are exact, so the totals do not
    /// depend on how its threads split the work. Accounts that reacted to a campaign also get their converted orders
    /// from their first reaction on, for the campaign reactions.
    /// </summary>
    private static void ReadOrders(LakeDatabase lake, RankWindows w, CurrencyOptions currency, AccountFacts[] accounts)
    {
        var reacting = accounts.Where(a => a.Campaigns.Any(c => c.Type is CampaignEvent.Clicked or CampaignEvent.Replied))
            .Select(a => (a.AccountId, First: a.Campaigns.Where(c => c.Type is CampaignEvent.Clicked or CampaignEvent.Replied).Min(c => c.First))).ToList();
        lake.Execute("CREATE OR REPLACE TEMP TABLE rank_reacting (account_id VARCHAR, first_reaction TIMESTAMPTZ)");
        foreach (var chunk in reacting.Chunk(1000))
        {
            lake.Execute("INSERT INTO rank_reacting VALUES " + string.Join(", ", chunk.Select(r => $"({LakeDatabase.Literal(r.AccountId)}, {Sql(r.First)})")));
        }

        string Window(string more = "") => $"ts >= {Sql(w.Start)} AND ts < {Sql(w.End)}{more}";
        // Exact decimal sums (the same whatever DuckDB's threads do), handed over as doubles.
        string Sum(string value, string filter, int scale = 6) => $"(sum(({value})::DECIMAL(38,{scale})) FILTER (WHERE {filter}))::DOUBLE";
        string Moments(string x, string period) =>
            $"count({x}) FILTER (WHERE {period} AND value > 0), {Sum($"value * {x}", $"{period} AND value > 0")}, {Sum("value", $"{period} AND value > 0 AND {x} IS NOT NULL")}, " +
            $"{Sum(x, $"{period} AND value > 0", 9)}, {Sum($"{x} * {x}", $"{period} AND value > 0", 12)}";
        var recent = $"ts >= {Sql(w.TrendStart)} AND ts < {Sql(w.End)}";
        var earlier = $"ts >= {Sql(w.TrendBefore)} AND ts < {Sql(w.TrendStart)}";
        var quarters = string.Join(", ", Enumerable.Range(0, 4).Select(q => Sum("value", $"ts >= {Sql(w.Quarters[q])} AND ts < {Sql(w.Quarters[q + 1])}")));
        // Work only what this lake needs: no rate tables to join when there are no rates, no reactions to join when none.
        var (converts, reacts) = (currency.RatesFile is { Length: > 0 } || currency.Rates.Count > 0, reacting.Count > 0);
        var value = converts
            ? $"CASE WHEN o.currency = {LakeDatabase.Literal(currency.ReportingCurrency)} THEN o.amount ELSE o.amount * coalesce(d.rate, u.rate) END"
            : $"CASE WHEN o.currency = {LakeDatabase.Literal(currency.ReportingCurrency)} THEN o.amount END";
        var ordersSql = $"""
            WITH o AS (
              SELECT unnest(arg_min(struct_pack(account_id, ts := occurred_at, amount, currency := coalesce(currency, {LakeDatabase.Literal(currency.DefaultOrReporting)}), margin, discount),
                                    (source <> 'crm', occurred_at, event_id)))
              FROM {LakeViews.Events}
              WHERE type = '{EventCatalog.OrderCompleted}' AND account_id IS NOT NULL AND order_id IS NOT NULL AND amount IS NOT NULL
              GROUP BY order_id),
            v AS (
              -- The UTC day by arithmetic: a DATE, not a time-zone conversion per row.
              SELECT o.*, {value} AS value, {(reacts ? "r.first_reaction" : "NULL::TIMESTAMPTZ AS first_reaction")},
                     DATE '1970-01-01' + (epoch_us(o.ts) // 86400000000)::INTEGER AS day
              FROM o {(converts ? $"ASOF LEFT JOIN {FxTable.Dated} d ON d.currency = o.currency AND (DATE '1970-01-01' + (epoch_us(o.ts) // 86400000000)::INTEGER) >= d.day LEFT JOIN {FxTable.Undated} u ON u.currency = o.currency" : "")}
              {(reacts ? "LEFT JOIN rank_reacting r ON r.account_id = o.account_id" : "")})
            SELECT account_id, epoch_us(min(ts)),
                   count(*) FILTER (WHERE {Window(" AND value IS NOT NULL")}), {Sum("value", Window())}, {Sum("value", Window($" AND ts >= {Sql(w.Middle)}"))},
                   {quarters}, {Sum("value * margin", Window(" AND margin IS NOT NULL"))}, {Sum("value", Window(" AND margin IS NOT NULL"))},
                   count(DISTINCT year(day) * 12 + month(day)) FILTER (WHERE {Window(" AND value IS NOT NULL")}),
                   {Moments("margin", recent)}, {Moments("margin", earlier)}, {Moments("discount", recent)}, {Moments("discount", earlier)},
                   count(*) FILTER (WHERE {Window(" AND value IS NULL")}),
                   list(struct_pack(currency, amount)) FILTER (WHERE {Window(" AND value IS NULL")}),
                   list(struct_pack(at_us := epoch_us(ts), value)) FILTER (WHERE first_reaction IS NOT NULL AND ts >= first_reaction AND ts < {Sql(w.End)} AND value IS NOT NULL)
            FROM v GROUP BY account_id
            """;
        ordersSql = $"SELECT a.idx, g.* EXCLUDE (account_id) FROM ({ordersSql}) g JOIN {Accounts} a ON a.account_id = g.account_id";
        lake.Read(ordersSql, reader =>
        {
            while (reader.Read())
            {
                {
                    var facts = accounts[reader.GetInt32(0)];
                    facts.Orders = Totals(reader);
                    foreach (var (at, amount) in Pairs(reader, 34, "at_us", "value"))
                    {
                        facts.OrdersAfterReactions.Add((Time(Convert.ToInt64(at, System.Globalization.CultureInfo.InvariantCulture)), Money(amount)));
                    }
                }
            }

            return 0;
        });
    }

    private static OrderTotals Totals(DbDataReader r) => new()
    {
        FirstOrder = NullableTime(r, 1),
        Orders = (int)r.GetInt64(2),
        Revenue = Decimal(r, 3),
        SecondHalf = Decimal(r, 4),
        Quarters = [Decimal(r, 5), Decimal(r, 6), Decimal(r, 7), Decimal(r, 8)],
        MarginSum = Decimal(r, 9),
        MarginWeight = Decimal(r, 10),
        ActiveMonths = (int)r.GetInt64(11),
        MarginRecent = Moments(r, 12),
        MarginEarlier = Moments(r, 17),
        DiscountRecent = Moments(r, 22),
        DiscountEarlier = Moments(r, 27),
        UnconvertedOrders = (int)r.GetInt64(32),
        Unconverted = [.. Pairs(r, 33, "currency", "amount").GroupBy(p => (string)p.A!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Sum(p => Money(p.B)), g.Count()))],
    };

    private static Moments Moments(DbDataReader r, int i) =>
        new((int)r.GetInt64(i), Decimal(r, i + 1), Decimal(r, i + 2), Decimal(r, i + 3), Decimal(r, i + 4));

    /// <summary>Touchpoints per account in the recent, baseline and engagement periods.</summary>
    private static void ReadActivity(LakeDatabase lake, RankWindows w, AccountFacts[] accounts)
    {
        var from = w.BaselineStart < w.EngagementStart ? w.BaselineStart : w.EngagementStart;
        lake.Read($"""
            SELECT a.idx, g.recent, g.baseline, g.engagement FROM (
              SELECT account_id,
                     count(*) FILTER (WHERE occurred_at >= {Sql(w.RecentStart)}) AS recent,
                     count(*) FILTER (WHERE occurred_at >= {Sql(w.BaselineStart)} AND occurred_at < {Sql(w.RecentStart)}) AS baseline,
                     count(*) FILTER (WHERE occurred_at >= {Sql(w.EngagementStart)}) AS engagement
              FROM {LakeViews.Events}
              WHERE account_id IS NOT NULL AND type NOT IN ({NotInteractions}) AND epoch_us(occurred_at) >= {Micros(from)} AND epoch_us(occurred_at) < {Micros(w.End)}
              GROUP BY account_id) g JOIN {Accounts} a ON a.account_id = g.account_id
            """, reader =>
        {
            while (reader.Read())
            {
                accounts[reader.GetInt32(0)].Activity = new ActivityCounts((int)reader.GetInt64(1), (int)reader.GetInt64(2), (int)reader.GetInt64(3));
            }

            return 0;
        });
    }

    /// <summary>The two named fields of each struct in a list column (DuckDB.NET reads structs as dictionaries).</summary>
    private static IEnumerable<(object? A, object? B)> Pairs(DbDataReader r, int i, string a, string b) =>
        r.IsDBNull(i) ? [] : ((System.Collections.IEnumerable)r.GetValue(i)).Cast<IDictionary<string, object?>>().Select(d => (d[a], d[b]));

    private static decimal Decimal(DbDataReader r, int i) => r.IsDBNull(i) ? 0 : (decimal)r.GetDouble(i);

    private static decimal Money(object? value) => Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture);

    internal static string SqlList(IEnumerable<string> values) => string.Join(", ", values.Select(LakeDatabase.Literal));
}
