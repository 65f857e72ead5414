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
/// touchpoints with their current account (view <c>events</c>, read once, in one statement). DuckDB does the heavy part
/// in parallel: each order_id once (the CRM's report, else the earliest; ties by event_id), converted at its day's
/// rate and summed per account over the periods of <see cref="RankWindows"/>, invoices matched with their payments,
/// activity counted, campaign emails counted per campaign and day. What crosses into .NET is one row per account with
/// anything to say, its few bookkeeping events (feedback, budget, assessments) as lists in it.
/// </summary>
public static class RankingFactsQuery
{
    /// <summary>Bookkeeping, not contact: they do not count as touchpoints for activity.</summary>
    private static readonly string NotInteractions = SqlList(
        [EventCatalog.InvoiceIssued, EventCatalog.PaymentReceived, EventCatalog.AccountUpdated, EventCatalog.Assessment]);

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
        FxTable.Register(lake, options.Currency);
        var converts = options.Currency.RatesFile is { Length: > 0 } || options.Currency.Rates.Count > 0;
        var width = OrdersQuery.Width(lake, converts);
        lake.Read(FactsSql(w, options, converts, width), reader =>
        {
            // The column before each block, in the order FactsSql selects them after idx: orders, payments, activity, bookkeeping.
            const int payments = OrdersQuery.Columns, activity = payments + PaymentsQuery.Columns, bookkeeping = activity + 3;
            while (reader.Read())
            {
                var facts = accounts[reader.GetInt32(0)];
                OrdersQuery.Fill(reader, 0, facts);
                facts.PaymentTotals = PaymentsQuery.Totals(reader, payments);
                if (!reader.IsDBNull(activity + 1))
                {
                    facts.Activity = new ActivityCounts((int)reader.GetInt64(activity + 1), (int)reader.GetInt64(activity + 2), (int)reader.GetInt64(activity + 3));
                }

                BookkeepingQuery.Fill(reader, bookkeeping, facts);
            }

            return 0;
        });
        KeyContactDepartures.Read(lake, accounts);
        return accounts;
    }

    /// <summary>The temporary table of accounts and their index.</summary>
    internal const string Accounts = "rank_accounts";

    /// <summary>
    /// One statement, one row per account with anything to say. The view <c>events</c> is read once (its joins to
    /// signatures and employments are most of the cost of reading it) into a materialised projection of the columns
    /// the facts read, with the account's index instead of its id (null: an account not in <c>accounts</c>, whose
    /// orders still take part in deduplication). A CTE, not a temporary table: nothing is stored, so the projection
    /// costs what the join costs. Orders, invoices with their payments, activity and bookkeeping are each summed per
    /// account from it, each with its own periods.
    /// </summary>
    /// <remarks>
    /// The projection filters on nothing but the account: a filter on the touchpoints' type or time made DuckDB
    /// underestimate them and build the join's hash table on 1.5M touchpoints instead of the signatures (in one profile
    /// the join took eight times the CPU).
    /// </remarks>
    private static string FactsSql(RankWindows w, AnalyticsOptions options, bool converts, int width)
    {
        var from = w.BaselineStart < w.EngagementStart ? w.BaselineStart : w.EngagementStart;
        var reactions = SqlList([CampaignEvent.Clicked.EventType(), CampaignEvent.Replied.EventType()]);
        return $"""
            WITH ev AS MATERIALIZED (
              SELECT a.idx, e.type, e.occurred_at, e.event_id, e.source, e.order_id, e.amount, e.currency, e.margin, e.discount,
                     e.invoice_id, e.due_date, e.paid_at, e.nps, e.annual_budget, e.campaign_id,
                     CASE WHEN e.type = '{EventCatalog.Assessment}' THEN e.properties_json END AS properties_json
              FROM {LakeViews.Events} e LEFT JOIN {Accounts} a ON a.account_id = e.account_id
              WHERE e.account_id IS NOT NULL),
            reacting AS (
              SELECT idx, min(occurred_at) AS first_reaction FROM ev
              WHERE idx IS NOT NULL AND type IN ({reactions}) AND campaign_id IS NOT NULL AND epoch_us(occurred_at) < {Micros(w.End)}
              GROUP BY idx),
            orders AS ({OrdersQuery.PerAccountSql("ev", "reacting", w, options.Currency, converts, width)}),
            payments AS ({PaymentsQuery.Sql("ev", w, options.Risk)}),
            activity AS (
              SELECT idx,
                     count(*) FILTER (WHERE occurred_at >= {Sql(w.RecentStart)}) AS recent,
                     count(*) FILTER (WHERE occurred_at >= {Sql(w.BaselineStart)} AND occurred_at < {Sql(w.RecentStart)}) AS baseline,
                     count(*) FILTER (WHERE occurred_at >= {Sql(w.EngagementStart)}) AS engagement
              FROM ev
              WHERE idx IS NOT NULL AND type NOT IN ({NotInteractions}) AND epoch_us(occurred_at) >= {Micros(from)} AND epoch_us(occurred_at) < {Micros(w.End)}
              GROUP BY idx),
            bookkeeping AS ({BookkeepingQuery.Sql("ev", w)})
            SELECT a.idx, o.* EXCLUDE (idx), p.* EXCLUDE (idx), t.* EXCLUDE (idx), b.* EXCLUDE (idx)
            FROM {Accounts} a
            LEFT JOIN orders o ON o.idx = a.idx
            LEFT JOIN payments p ON p.idx = a.idx
            LEFT JOIN activity t ON t.idx = a.idx
            LEFT JOIN bookkeeping b ON b.idx = a.idx
            WHERE o.idx IS NOT NULL OR p.idx IS NOT NULL OR t.idx IS NOT NULL OR b.idx IS NOT NULL
            """;
    }

    internal static string SqlList(IEnumerable<string> values) => string.Join(", ", values.Select(LakeDatabase.Literal));
}
