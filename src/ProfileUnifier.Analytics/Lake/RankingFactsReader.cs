using System.Text.Json;
using ProfileUnifier.Analytics.Model;
using ProfileUnifier.Core.Events;
using ProfileUnifier.Lake;
using ProfileUnifier.Lake.Reading;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Analytics.Lake;

/// <summary>
/// Gathers account facts from the lake: every committed touchpoint with its current account (through
/// <c>signatures</c>), each order_id once (the CRM's report, else the earliest; the same rule as the
/// identity engine's revenue), invoices, payments, NPS, budgets and judged scores.
/// </summary>
public static class RankingFactsReader
{
    /// <summary>Bookkeeping, not contact: they do not count as touchpoints for activity.</summary>
    private static readonly HashSet<string> NotInteractions = new(StringComparer.Ordinal)
    {
        EventCatalog.InvoiceIssued, EventCatalog.PaymentReceived, EventCatalog.AccountUpdated, EventCatalog.Assessment,
    };

    public static async Task<(IReadOnlyCollection<AccountFacts> Accounts, DateOnly? LastEventDate)> ReadAsync(string root, CancellationToken ct)
    {
        var state = LakeSnapshot.Read(root);
        var accounts = new Dictionary<string, AccountFacts>(StringComparer.Ordinal);
        await foreach (var g in ParquetRowGroups.ReadAsync(root, [LakePaths.SnapshotFile(TableNames.Accounts)], ct))
        {
            var (ids, crm, names) = (await g.Strings("account_id"), await g.Strings("crm_account_id"), await g.Strings("name"));
            for (var i = 0; i < g.Rows; i++)
            {
                accounts[ids[i]!] = new AccountFacts(ids[i]!) { CrmAccountId = crm[i], Name = names[i] };
            }
        }

        var accountOf = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var g in ParquetRowGroups.ReadAsync(root, [LakePaths.SnapshotFile(TableNames.Signatures)], ct))
        {
            var (ids, account) = (await g.Strings("signature_id"), await g.Strings("account_id"));
            for (var i = 0; i < g.Rows; i++)
            {
                if (account[i] is { } a)
                {
                    accountOf[ids[i]!] = a;
                }
            }
        }

        var orders = new Dictionary<string, (bool Crm, DateTime At, string EventId, string Account, OrderFact Order)>(StringComparer.Ordinal);
        var invoices = new Dictionary<(string Account, string Invoice), (DateTime At, string EventId, InvoiceFact Invoice)>();
        DateTime? last = null;
        await foreach (var g in ParquetRowGroups.ReadAsync(root, state.FilesOf(TableNames.Touchpoints), ct))
        {
            var source = TouchpointReader.SourceOf(g.File);
            var eventId = await g.Strings("event_id");
            var type = await g.Strings("type");
            var at = await g.Timestamps("occurred_at");
            var signature = await g.Strings("signature_id");
            var orderId = await g.Strings("order_id");
            var amount = await g.NullableDoubles("amount");
            var margin = await g.NullableDoubles("margin");
            var discount = await g.NullableDoubles("discount");
            var invoiceId = await g.Strings("invoice_id");
            var dueDate = await g.NullableDates("due_date");
            var paidAt = await g.NullableTimestamps("paid_at");
            var nps = await g.NullableInts("nps");
            var budget = await g.NullableDoubles("annual_budget");
            // The longest column, and only assessments need it: read it for the row groups that have one.
            var properties = Array.IndexOf(type, EventCatalog.Assessment) >= 0 ? await g.Strings("properties_json") : null;
            for (var i = 0; i < g.Rows; i++)
            {
                var when = DateTime.SpecifyKind(at[i], DateTimeKind.Utc);
                last = last is null || when > last ? when : last;
                if (!accountOf.TryGetValue(signature[i]!, out var accountId) || !accounts.TryGetValue(accountId, out var facts))
                {
                    continue;
                }

                var kind = type[i]!;
                if (!NotInteractions.Contains(kind))
                {
                    facts.Touchpoints.Add(when);
                }

                switch (kind)
                {
                    case EventCatalog.OrderCompleted when orderId[i] is { } id && amount[i] is { } sum:
                        var candidate = (source == EventSource.Crm, when, eventId[i]!, accountId, new OrderFact(id, when, sum, margin[i], discount[i]));
                        if (!orders.TryGetValue(id, out var known) || Preferred(candidate, known))
                        {
                            orders[id] = candidate;
                        }

                        break;
                    case EventCatalog.InvoiceIssued when invoiceId[i] is { } id && amount[i] is { } sum && dueDate[i] is { } due:
                        var key = (accountId, id);
                        if (!invoices.TryGetValue(key, out var seen) || (when, eventId[i]!).CompareTo((seen.At, seen.EventId)) < 0)
                        {
                            invoices[key] = (when, eventId[i]!, new InvoiceFact(id, sum, due));
                        }

                        break;
                    case EventCatalog.PaymentReceived when invoiceId[i] is { } id && amount[i] is { } sum:
                        facts.Payments.Add(new PaymentFact(id, sum, paidAt[i] is { } p ? DateTime.SpecifyKind(p, DateTimeKind.Utc) : when));
                        break;
                    case EventCatalog.Feedback when nps[i] is { } score:
                        facts.Nps.Add((when, score));
                        break;
                    case EventCatalog.AccountUpdated when budget[i] is { } b:
                        if (facts.AnnualBudget is not { } current || when >= current.At)
                        {
                            facts.AnnualBudget = (when, b);
                        }

                        break;
                    case EventCatalog.Assessment when properties is not null && properties[i] is { } json:
                        Judge(facts, json, when, eventId[i]!);
                        break;
                    default:
                        break;
                }
            }
        }

        foreach (var (_, order) in orders.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            accounts[order.Account].Orders.Add(order.Order);
        }

        foreach (var ((account, _), invoice) in invoices.OrderBy(i => i.Key.Invoice, StringComparer.Ordinal))
        {
            accounts[account].Invoices.Add(invoice.Invoice);
        }

        await KeyContactDepartures.AddAsync(root, accounts, ct);
        return (accounts.Values, last is null ? null : DateOnly.FromDateTime(last.Value));
    }

    private static bool Preferred((bool Crm, DateTime At, string EventId, string, OrderFact) a, (bool Crm, DateTime At, string EventId, string, OrderFact) b) =>
        a.Crm != b.Crm ? a.Crm : a.At != b.At ? a.At < b.At : string.CompareOrdinal(a.EventId, b.EventId) < 0;

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
