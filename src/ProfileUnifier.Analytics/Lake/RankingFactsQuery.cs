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
/// touchpoints with their current account (view <c>events</c>, read once). DuckDB does the heavy part in parallel: each order_id
/// once (the CRM's report, else the earliest; ties by event_id), converted at its day's rate, summed per account over
/// the periods of <see cref="RankWindows"/>, and activity counted per account. What crosses into .NET is a row per
/// account (orders, activity, invoices matched with their payments) plus the few bookkeeping events the engine reads
/// one by one (feedback, budgets, assessments, campaign emails).
/// </summary>
public static class RankingFactsQuery
{
    /// <summary>Bookkeeping, not contact: they do not count as touchpoints for activity.</summary>
    private static readonly string NotInteractions = SqlList(
        [EventCatalog.InvoiceIssued, EventCatalog.PaymentReceived, EventCatalog.AccountUpdated, EventCatalog.Assessment]);

    private static readonly string Bookkeeping = SqlList([EventCatalog.Feedback, EventCatalog.AccountUpdated, EventCatalog.Assessment, .. CampaignEvents.EventTypes]);

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
        ReadEvents(lake, w);
        BookkeepingQuery.Read(lake, w, accounts, Bookkeeping);
        PaymentsQuery.Read(lake, w, options.Risk, accounts);
        FxTable.Register(lake, options.Currency);
        OrdersQuery.Read(lake, w, options.Currency, accounts);
        ReadActivity(lake, w, accounts);
        KeyContactDepartures.Read(lake, accounts);
        return accounts;
    }

    /// <summary>The temporary table of accounts and their index.</summary>
    internal const string Accounts = "rank_accounts";

    /// <summary>The temporary table of the events the facts are made of, with their account's index (see <see cref="ReadEvents"/>).</summary>
    internal const string Events = "rank_events";

    /// <summary>
    /// One pass over the view <c>events</c> (its joins to signatures and employments are most of the cost of reading
    /// it) into a temporary table of the columns the facts read, with the account's index instead of its id: every
    /// order with an account (deduplication looks at all of them, whatever their day or account), and the events of
    /// known accounts up to the as-of day. Order rows whose account is not in <c>accounts</c> keep a null index.
    /// </summary>
    private static void ReadEvents(LakeDatabase lake, RankWindows w) => lake.Execute($"""
        CREATE OR REPLACE TEMP TABLE {Events} AS
        SELECT a.idx, e.type, e.occurred_at, e.event_id, e.source, e.order_id, e.amount, e.currency, e.margin, e.discount,
               e.invoice_id, e.due_date, e.paid_at, e.nps, e.annual_budget, e.campaign_id,
               CASE WHEN e.type = '{EventCatalog.Assessment}' THEN e.properties_json END AS properties_json
        FROM {LakeViews.Events} e LEFT JOIN {Accounts} a ON a.account_id = e.account_id
        WHERE e.account_id IS NOT NULL
          AND ((e.type = '{EventCatalog.OrderCompleted}' AND e.order_id IS NOT NULL AND e.amount IS NOT NULL)
               OR (a.idx IS NOT NULL AND epoch_us(e.occurred_at) < {Micros(w.End)}))
        """);

    /// <summary>Touchpoints per account in the recent, baseline and engagement periods.</summary>
    private static void ReadActivity(LakeDatabase lake, RankWindows w, AccountFacts[] accounts)
    {
        var from = w.BaselineStart < w.EngagementStart ? w.BaselineStart : w.EngagementStart;
        lake.Read($"""
            SELECT idx,
                   count(*) FILTER (WHERE occurred_at >= {Sql(w.RecentStart)}) AS recent,
                   count(*) FILTER (WHERE occurred_at >= {Sql(w.BaselineStart)} AND occurred_at < {Sql(w.RecentStart)}) AS baseline,
                   count(*) FILTER (WHERE occurred_at >= {Sql(w.EngagementStart)}) AS engagement
            FROM {Events}
            WHERE idx IS NOT NULL AND type NOT IN ({NotInteractions}) AND epoch_us(occurred_at) >= {Micros(from)} AND epoch_us(occurred_at) < {Micros(w.End)}
            GROUP BY idx
            """, reader =>
        {
            while (reader.Read())
            {
                accounts[reader.GetInt32(0)].Activity = new ActivityCounts((int)reader.GetInt64(1), (int)reader.GetInt64(2), (int)reader.GetInt64(3));
            }

            return 0;
        });
    }

    internal static string SqlList(IEnumerable<string> values) => string.Join(", ", values.Select(LakeDatabase.Literal));
}
