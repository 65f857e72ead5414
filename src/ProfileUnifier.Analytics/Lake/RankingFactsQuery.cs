using System.Text.Json;
using ProfileUnifier.Analytics.Model;
using ProfileUnifier.Core.Events;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Query;
using static ProfileUnifier.Analytics.Lake.SqlValues;

namespace ProfileUnifier.Analytics.Lake;

/// <summary>
/// Gathers account facts from the lake through DuckDB SQL over the views <c>query</c> uses (<see cref="LakeDatabase"/>):
/// every touchpoint with its current account (view <c>events</c>), each order_id once (the CRM's report, else the
/// earliest; the same rule as the identity engine's revenue), invoices, payments, NPS, budgets, judged scores and
/// campaign events. DuckDB scans and aggregates in parallel; what crosses into .NET is one row per order, per
/// account-day of activity and per bookkeeping event. Times cross as epoch microseconds, days as day numbers.
/// </summary>
public static class RankingFactsQuery
{
    /// <summary>Bookkeeping, not contact: they do not count as touchpoints for activity.</summary>
    private static readonly string NotInteractions = SqlList(
        [EventCatalog.InvoiceIssued, EventCatalog.PaymentReceived, EventCatalog.AccountUpdated, EventCatalog.Assessment]);

    private static readonly string Bookkeeping = SqlList(
        [EventCatalog.InvoiceIssued, EventCatalog.PaymentReceived, EventCatalog.Feedback, EventCatalog.AccountUpdated, EventCatalog.Assessment,
         .. CampaignEvents.EventTypes]);

    private const string Day = "(occurred_at::DATE - DATE '0001-01-01')";

    public static RankingFacts Read(LakeDatabase lake)
    {
        if (!lake.Has(LakeViews.Events) || !lake.Has(TableNames.Accounts))
        {
            return new RankingFacts([], null, null);
        }

        var accounts = lake.Read($"SELECT account_id, crm_account_id, name FROM {TableNames.Accounts}", reader =>
        {
            var all = new Dictionary<string, AccountFacts>(StringComparer.Ordinal);
            while (reader.Read())
            {
                var id = reader.GetString(0);
                all[id] = new AccountFacts(id) { CrmAccountId = Text(reader, 1), Name = Text(reader, 2) };
            }

            return all;
        });
        var (first, last) = ReadActivity(lake, accounts);
        ReadOrders(lake, accounts);
        ReadBookkeeping(lake, accounts);
        return new RankingFacts(accounts.Values, first, last);
    }

    /// <summary>Interactions per account and day; the days of every event (with an account or not) give the lake's range.</summary>
    private static (DateOnly? First, DateOnly? Last) ReadActivity(LakeDatabase lake, Dictionary<string, AccountFacts> accounts) => lake.Read($"""
        SELECT account_id, {Day} AS day, count(*) FILTER (WHERE type NOT IN ({NotInteractions})) AS touchpoints
        FROM {LakeViews.Events} GROUP BY ALL
        """, reader =>
    {
        int? first = null, last = null;
        while (reader.Read())
        {
            var day = (int)reader.GetInt64(1);
            first = first is null || day < first ? day : first;
            last = last is null || day > last ? day : last;
            if (!reader.IsDBNull(0) && accounts.TryGetValue(reader.GetString(0), out var facts) && reader.GetInt64(2) is > 0 and var count)
            {
                facts.AddTouchpoints(DateOnly.FromDayNumber(day), (int)count);
            }
        }

        return (first is { } f ? DateOnly.FromDayNumber(f) : (DateOnly?)null, last is { } l ? DateOnly.FromDayNumber(l) : (DateOnly?)null);
    });

    /// <summary>Each order_id once: the report that counts is the CRM's, else the earliest (ties by event_id).</summary>
    private static void ReadOrders(LakeDatabase lake, Dictionary<string, AccountFacts> accounts)
    {
        var orders = lake.Read($"""
            SELECT order_id, unnest(o) FROM (
              SELECT order_id, arg_min(struct_pack(account_id, at := epoch_us(occurred_at), amount, currency, margin, discount),
                                       (source <> 'crm', occurred_at, event_id)) AS o
              FROM {LakeViews.Events}
              WHERE type = '{EventCatalog.OrderCompleted}' AND account_id IS NOT NULL AND order_id IS NOT NULL AND amount IS NOT NULL
              GROUP BY order_id)
            """, reader =>
        {
            var list = new List<(string Account, OrderFact Order)>();
            while (reader.Read())
            {
                list.Add((reader.GetString(1), new OrderFact(reader.GetString(0), Time(reader.GetInt64(2)), reader.GetDouble(3), Text(reader, 4),
                    NullableDouble(reader, 5), NullableDouble(reader, 6))));
            }

            return list;
        });

        // Parallel aggregation returns groups in any order: sort, so the facts never depend on it.
        orders.Sort((a, b) => string.CompareOrdinal(a.Order.OrderId, b.Order.OrderId));
        foreach (var (account, order) in orders)
        {
            if (accounts.TryGetValue(account, out var facts))
            {
                facts.Orders.Add(order);
            }
        }
    }

    /// <summary>
    /// Invoices, payments, feedback, budgets, assessments and campaign emails: one scan, told apart in .NET. Rows come
    /// in any order; every rule below picks by (time, event_id) or sums, so the result does not depend on it.
    /// </summary>
    private static void ReadBookkeeping(LakeDatabase lake, Dictionary<string, AccountFacts> accounts)
    {
        var invoices = new Dictionary<(string Account, string Invoice), (long At, string EventId, InvoiceFact Invoice)>();
        var budgets = new Dictionary<string, (long At, string EventId, double Amount)>(StringComparer.Ordinal);
        var campaigns = new Dictionary<(string Account, string Campaign, int Day, CampaignEvent Type), (int Count, long First)>();
        lake.Read($"""
            SELECT account_id, type, event_id, epoch_us(occurred_at), invoice_id, amount, due_date - DATE '0001-01-01', epoch_us(paid_at),
                   nps, annual_budget, campaign_id, {Day}, CASE WHEN type = '{EventCatalog.Assessment}' THEN properties_json END
            FROM {LakeViews.Events}
            WHERE account_id IS NOT NULL AND type IN ({Bookkeeping})
            """, reader =>
        {
            while (reader.Read())
            {
                if (!accounts.TryGetValue(reader.GetString(0), out var facts))
                {
                    continue;
                }

                var (type, eventId, at) = (reader.GetString(1), reader.GetString(2), reader.GetInt64(3));
                switch (type)
                {
                    case EventCatalog.InvoiceIssued when Text(reader, 4) is { } id && NullableDouble(reader, 5) is { } sum && !reader.IsDBNull(6):
                        var key = (facts.AccountId, id);
                        if (!invoices.TryGetValue(key, out var seen) || (at, eventId).CompareTo((seen.At, seen.EventId)) < 0)
                        {
                            invoices[key] = (at, eventId, new InvoiceFact(id, sum, DateOnly.FromDayNumber((int)reader.GetInt64(6))));
                        }

                        break;
                    case EventCatalog.PaymentReceived when Text(reader, 4) is { } id && NullableDouble(reader, 5) is { } sum:
                        facts.Payments.Add(new PaymentFact(id, sum, Time(reader.IsDBNull(7) ? at : reader.GetInt64(7))));
                        break;
                    case EventCatalog.Feedback when !reader.IsDBNull(8):
                        facts.Nps.Add((Time(at), reader.GetInt32(8)));
                        break;
                    case EventCatalog.AccountUpdated when NullableDouble(reader, 9) is { } budget:
                        if (!budgets.TryGetValue(facts.AccountId, out var known) || (at, eventId).CompareTo((known.At, known.EventId)) > 0)
                        {
                            budgets[facts.AccountId] = (at, eventId, budget);
                        }

                        break;
                    case EventCatalog.Assessment when Text(reader, 12) is { } json:
                        Judge(facts, json, Time(at), eventId);
                        break;
                    default:
                        if (CampaignEvents.TryParse(type, out var kind) && Text(reader, 10) is { } campaign)
                        {
                            var day = (facts.AccountId, campaign, (int)reader.GetInt64(11), kind);
                            var (count, firstAt) = campaigns.GetValueOrDefault(day, (0, long.MaxValue));
                            campaigns[day] = (count + 1, Math.Min(firstAt, at));
                        }

                        break;
                }
            }

            return 0;
        });

        foreach (var ((account, _), invoice) in invoices.OrderBy(i => i.Key.Invoice, StringComparer.Ordinal))
        {
            accounts[account].Invoices.Add(invoice.Invoice);
        }

        foreach (var (account, budget) in budgets)
        {
            accounts[account].AnnualBudget = (Time(budget.At), budget.Amount);
        }

        foreach (var ((account, campaign, day, kind), (count, firstAt)) in campaigns)
        {
            accounts[account].Campaigns.Add(new CampaignActivity(campaign, DateOnly.FromDayNumber(day), kind, count, Time(firstAt)));
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

    private static string SqlList(IEnumerable<string> values) => string.Join(", ", values.Select(LakeDatabase.Literal));
}
