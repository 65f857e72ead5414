using System.Globalization;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Testing;

/// <summary>
/// The key-account method written in DuckDB SQL from touchpoints, signatures and accounts only: the
/// oracle of the rank tests and the SQL peer of the rank benchmark. The view <c>ranked</c> has one row per
/// account with revenue, orders, share, cumulative share, rank, activity, payment delay and overdue.
/// </summary>
public static class RankingSql
{
    /// <param name="table">How a lake table is read, e.g. <see cref="DuckLake.Table"/>.</param>
    public static string Views(Func<string, string> table, DateOnly asOf)
    {
        var end = asOf.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return $"""
            CREATE VIEW tp AS SELECT t.*, s.account_id AS acct
              FROM {table(TableNames.Touchpoints)} t JOIN {table(TableNames.Signatures)} s USING (signature_id)
              WHERE s.account_id IS NOT NULL;
            CREATE VIEW bounds AS SELECT TIMESTAMPTZ '{end} 00:00:00+00' AS e, TIMESTAMPTZ '{end} 00:00:00+00' - INTERVAL 365 DAY AS s;
            CREATE VIEW orders AS SELECT * FROM (
              SELECT order_id, amount, occurred_at, acct,
                     row_number() OVER (PARTITION BY order_id ORDER BY source = 'crm' DESC, occurred_at, event_id) AS n
              FROM tp WHERE type = 'order_completed' AND order_id IS NOT NULL AND amount IS NOT NULL) WHERE n = 1;
            CREATE VIEW rev AS SELECT a.account_id,
                coalesce(sum(o.amount) FILTER (WHERE o.occurred_at >= b.s AND o.occurred_at < b.e), 0) AS revenue,
                count(o.order_id) FILTER (WHERE o.occurred_at >= b.s AND o.occurred_at < b.e) AS orders,
                coalesce(min(o.occurred_at) >= any_value(b.s) AND min(o.occurred_at) < any_value(b.e), false) AS is_new
              FROM {table(TableNames.Accounts)} a CROSS JOIN bounds b LEFT JOIN orders o ON o.acct = a.account_id
              GROUP BY a.account_id;
            CREATE VIEW activity AS SELECT acct,
                count(*) FILTER (WHERE occurred_at >= b.e - INTERVAL 90 DAY AND occurred_at < b.e) AS recent,
                count(*) FILTER (WHERE occurred_at >= b.e - INTERVAL 180 DAY AND occurred_at < b.e - INTERVAL 90 DAY) AS previous
              FROM tp CROSS JOIN bounds b
              WHERE type NOT IN ('invoice_issued', 'payment_received', 'account_updated', 'assessment') GROUP BY acct;
            CREATE VIEW invoices AS SELECT * FROM (
              SELECT acct, invoice_id, amount, due_date, row_number() OVER (PARTITION BY acct, invoice_id ORDER BY occurred_at, event_id) AS n
              FROM tp WHERE type = 'invoice_issued' AND invoice_id IS NOT NULL AND amount IS NOT NULL AND due_date IS NOT NULL) WHERE n = 1;
            CREATE VIEW payments AS SELECT acct, invoice_id, amount, coalesce(paid_at, occurred_at) AS paid
              FROM tp CROSS JOIN bounds b WHERE type = 'payment_received' AND invoice_id IS NOT NULL AND coalesce(paid_at, occurred_at) < b.e;
            CREATE VIEW settled AS SELECT i.acct, i.invoice_id, i.amount, i.due_date,
                min(p.paid) FILTER (WHERE p.running >= i.amount - 0.005) AS paid_on,
                coalesce(max(p.running), 0) AS paid
              FROM invoices i LEFT JOIN (
                SELECT *, sum(amount) OVER (PARTITION BY acct, invoice_id ORDER BY paid ROWS UNBOUNDED PRECEDING) AS running FROM payments) p
              ON p.acct = i.acct AND p.invoice_id = i.invoice_id
              GROUP BY ALL;
            CREATE VIEW cash AS SELECT acct,
                avg(greatest(0, date_diff('day', due_date, paid_on::DATE))) FILTER (WHERE paid_on IS NOT NULL AND due_date >= b.s::DATE AND due_date < b.e::DATE) AS delay,
                coalesce(sum(greatest(0, amount - paid)) FILTER (WHERE paid_on IS NULL AND due_date < b.e::DATE - 1), 0) AS overdue
              FROM settled CROSS JOIN bounds b GROUP BY acct;
            CREATE VIEW ranked AS SELECT r.*, coalesce(a.recent, 0) AS recent, coalesce(a.previous, 0) AS previous, c.delay, coalesce(c.overdue, 0) AS overdue,
                CASE WHEN sum(revenue) OVER () = 0 THEN 0 ELSE revenue / sum(revenue) OVER () END AS share,
                CASE WHEN sum(revenue) OVER () = 0 THEN 0 ELSE sum(revenue) OVER (ORDER BY revenue DESC, r.account_id ROWS UNBOUNDED PRECEDING) / sum(revenue) OVER () END AS cum,
                row_number() OVER (ORDER BY revenue DESC, r.account_id) AS rank
              FROM rev r LEFT JOIN activity a ON a.acct = r.account_id LEFT JOIN cash c ON c.acct = r.account_id;
            """;
    }
}
