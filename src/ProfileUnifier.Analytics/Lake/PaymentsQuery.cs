using System.Data.Common;
using System.Globalization;
using ProfileUnifier.Analytics.Model;
using ProfileUnifier.Analytics.Options;
using ProfileUnifier.Core.Events;
using static ProfileUnifier.Analytics.Model.RankWindows;

namespace ProfileUnifier.Analytics.Lake;

/// <summary>
/// Invoices matched with their payments in DuckDB SQL, by the rules of <see cref="Risks.PaymentRisk.Match"/>: each
/// invoice_id once per account (the earliest issue, ties by event_id), its payments made before the end of the as-of
/// day summed in time order, paid when the running sum reaches its amount less half a kopeck. What crosses into .NET
/// is one row of <see cref="PaymentTotals"/> per account with invoices, not the invoices and payments themselves.
/// Amounts are exact decimals (scale 10) as in .NET, so the sums and the comparison do not depend on the threads.
/// </summary>
internal static class PaymentsQuery
{
    private const string Money = "DECIMAL(38,10)";

    /// <summary>The columns <see cref="Sql"/> selects after <c>idx</c>.</summary>
    public const int Columns = 5;

    /// <param name="events">A relation with the columns of the view <c>events</c> the rules read, the account_id
    /// replaced by idx, the account's index in the facts array (null: not an account to rank).</param>
    internal static string Sql(string events, RankWindows w, RiskOptions r)
    {
        var end = Micros(w.End);
        string Day(DateOnly d) => string.Create(CultureInfo.InvariantCulture, $"DATE '{d:yyyy-MM-dd}'");
        var (asOf, firstDue, graceDue) = (Day(w.AsOf), Day(w.PaymentFirstDue), Day(w.AsOf.AddDays(-r.OverdueGraceDays)));
        return $"""
            WITH i AS (
              SELECT e.idx, e.invoice_id,
                     unnest(arg_min(struct_pack(amount := e.amount::{Money}, due := e.due_date), (e.occurred_at, e.event_id)))
              FROM {events} e
              WHERE e.idx IS NOT NULL AND e.type = '{EventCatalog.InvoiceIssued}' AND e.invoice_id IS NOT NULL AND e.amount IS NOT NULL AND e.due_date IS NOT NULL
                AND epoch_us(e.occurred_at) < {end}
              GROUP BY e.idx, e.invoice_id),
            p AS (
              SELECT e.idx, e.invoice_id, coalesce(epoch_us(e.paid_at), epoch_us(e.occurred_at)) AS paid_us,
                     sum(e.amount::{Money}) OVER (PARTITION BY e.idx, e.invoice_id ORDER BY coalesce(epoch_us(e.paid_at), epoch_us(e.occurred_at))
                                                  ROWS UNBOUNDED PRECEDING) AS running,
                     e.amount::{Money} AS amount
              FROM {events} e
              WHERE e.idx IS NOT NULL AND e.type = '{EventCatalog.PaymentReceived}' AND e.invoice_id IS NOT NULL AND e.amount IS NOT NULL
                AND epoch_us(e.occurred_at) < {end} AND coalesce(epoch_us(e.paid_at), epoch_us(e.occurred_at)) < {end}),
            s AS (
              -- Ties in time: the running sum after them is the same in any order, so the first one reaching the amount is too.
              SELECT i.idx, i.due, i.amount,
                     min(p.paid_us) FILTER (WHERE p.running >= i.amount - 0.005) AS paid_us,
                     coalesce(sum(p.amount), 0) AS paid
              FROM i LEFT JOIN p ON p.idx = i.idx AND p.invoice_id = i.invoice_id
              GROUP BY i.idx, i.invoice_id, i.due, i.amount),
            d AS (
              SELECT *, greatest(0, make_timestamp(paid_us)::DATE - due)::BIGINT AS delay,
                     greatest(0, amount - paid) AS open
              FROM s)
            SELECT idx,
                   count(*) FILTER (WHERE paid_us IS NOT NULL AND due >= {firstDue} AND due <= {asOf}),
                   coalesce(sum(delay) FILTER (WHERE paid_us IS NOT NULL AND due >= {firstDue} AND due <= {asOf}), 0)::BIGINT,
                   median(delay::DOUBLE) FILTER (WHERE paid_us IS NOT NULL AND due >= {firstDue} AND due <= {asOf}),
                   coalesce(sum(open) FILTER (WHERE paid_us IS NULL AND due < {asOf}), 0),
                   coalesce(sum(open) FILTER (WHERE paid_us IS NULL AND due < {graceDue}), 0)
            FROM d GROUP BY idx
            """;
    }

    /// <summary>Fills each account's totals from a result of <see cref="Sql"/> alone.</summary>
    internal static void Fill(DbDataReader reader, AccountFacts[] accounts)
    {
        while (reader.Read())
        {
            accounts[reader.GetInt32(0)].PaymentTotals = Totals(reader, 0);
        }
    }

    /// <summary>The totals in the columns after <paramref name="offset"/> (its <c>idx</c>); null when the account has no invoices.</summary>
    internal static PaymentTotals? Totals(DbDataReader reader, int offset) => reader.IsDBNull(offset + 1) ? null
        : new PaymentTotals((int)reader.GetInt64(offset + 1), reader.GetInt64(offset + 2), reader.IsDBNull(offset + 3) ? null : reader.GetDouble(offset + 3),
            reader.GetDecimal(offset + 4), reader.GetDecimal(offset + 5));
}
