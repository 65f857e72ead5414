using System.Globalization;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Testing;

/// <summary>
/// The key-account method written in DuckDB SQL from touchpoints, signatures, employments and accounts only, with the
/// default settings (revenue in RUB, no exchange rates; an event its person gives an account is on the employer of its
/// time): the oracle of the rank tests and the SQL peer of the rank benchmark.
/// The view <c>ranked</c> has one row per account with revenue, orders, margin, last-quarter share, share, cumulative
/// share, rank, activity and its decline test, payment delay and overdue.
/// </summary>
public static class RankingSql
{
    /// <summary>The views, in the order they are created (drop them in reverse).</summary>
    public static IReadOnlyList<string> ViewNames { get; } = ["tp", "bounds", "orders", "rev", "activity", "invoices", "payments", "settled", "cash", "ranked"];

    /// <param name="table">How a lake table is read, e.g. <see cref="DuckLake.Table"/>.</param>
    public static string Views(Func<string, string> table, DateOnly asOf)
    {
        var end = asOf.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return $"""
            CREATE VIEW tp AS SELECT * FROM (
              SELECT t.*, coalesce(m.account_id, s.account_id) AS acct
              FROM {table(TableNames.Touchpoints)} t JOIN {table(TableNames.Signatures)} s USING (signature_id)
              LEFT JOIN {table(TableNames.Employments)} m
                ON s.account_basis = 'person' AND m.profile_id = s.profile_id AND (m.valid_from IS NOT NULL OR m.valid_to IS NOT NULL)
               AND (m.valid_from IS NULL OR t.occurred_at >= m.valid_from) AND (m.valid_to IS NULL OR t.occurred_at < m.valid_to))
              WHERE acct IS NOT NULL;
            CREATE VIEW bounds AS SELECT TIMESTAMPTZ '{end} 00:00:00+00' AS e, TIMESTAMPTZ '{end} 00:00:00+00' - INTERVAL 365 DAY AS s,
              TIMESTAMPTZ '{end} 00:00:00+00' - INTERVAL 91 DAY AS q4;
            CREATE VIEW orders AS SELECT * FROM (
              SELECT order_id, amount, coalesce(currency, 'RUB') AS currency, margin, occurred_at, acct,
                     row_number() OVER (PARTITION BY order_id ORDER BY source = 'crm' DESC, occurred_at, event_id) AS n
              FROM tp WHERE type = 'order_completed' AND order_id IS NOT NULL AND amount IS NOT NULL) WHERE n = 1;
            CREATE VIEW rev AS SELECT a.account_id,
                coalesce(sum(o.amount) FILTER (WHERE o.occurred_at >= b.s AND o.occurred_at < b.e AND o.currency = 'RUB'), 0) AS revenue,
                count(o.order_id) FILTER (WHERE o.occurred_at >= b.s AND o.occurred_at < b.e AND o.currency = 'RUB') AS orders,
                count(o.order_id) FILTER (WHERE o.occurred_at >= b.s AND o.occurred_at < b.e AND o.currency <> 'RUB') AS unconverted,
                sum(o.amount * o.margin) FILTER (WHERE o.occurred_at >= b.s AND o.occurred_at < b.e AND o.currency = 'RUB' AND o.margin IS NOT NULL)
                  / sum(o.amount) FILTER (WHERE o.occurred_at >= b.s AND o.occurred_at < b.e AND o.currency = 'RUB' AND o.margin IS NOT NULL) AS margin,
                coalesce(sum(o.amount) FILTER (WHERE o.occurred_at >= b.q4 AND o.occurred_at < b.e AND o.currency = 'RUB'), 0) AS revenue_q4,
                coalesce(min(o.occurred_at) >= any_value(b.s) AND min(o.occurred_at) < any_value(b.e), false) AS is_new
              FROM {table(TableNames.Accounts)} a CROSS JOIN bounds b LEFT JOIN orders o ON o.acct = a.account_id
              GROUP BY a.account_id;
            CREATE VIEW activity AS SELECT acct, recent, previous, previous * 30 / 180.0 AS expected,
                list_sum(list_transform(range(0, recent + 1), i -> exp(lgamma(recent + previous + 1) - lgamma(i + 1) - lgamma(recent + previous - i + 1)
                  + i * ln(1 / 7.0) + (recent + previous - i) * ln(6 / 7.0)))) AS p_value
              FROM (SELECT acct,
                  count(*) FILTER (WHERE occurred_at >= b.e - INTERVAL 30 DAY AND occurred_at < b.e) AS recent,
                  count(*) FILTER (WHERE occurred_at >= b.e - INTERVAL 210 DAY AND occurred_at < b.e - INTERVAL 30 DAY) AS previous
                FROM tp CROSS JOIN bounds b
                WHERE type NOT IN ('invoice_issued', 'payment_received', 'account_updated', 'assessment') GROUP BY acct);
            CREATE VIEW invoices AS SELECT * FROM (
              SELECT acct, invoice_id, amount, due_date, row_number() OVER (PARTITION BY acct, invoice_id ORDER BY occurred_at, event_id) AS n
              FROM tp CROSS JOIN bounds b
              WHERE type = 'invoice_issued' AND invoice_id IS NOT NULL AND amount IS NOT NULL AND due_date IS NOT NULL AND occurred_at < b.e) WHERE n = 1;
            CREATE VIEW payments AS SELECT acct, invoice_id, amount, coalesce(paid_at, occurred_at) AS paid
              FROM tp CROSS JOIN bounds b WHERE type = 'payment_received' AND invoice_id IS NOT NULL AND coalesce(paid_at, occurred_at) < b.e AND occurred_at < b.e;
            CREATE VIEW settled AS SELECT i.acct, i.invoice_id, i.amount, i.due_date,
                min(p.paid) FILTER (WHERE p.running >= i.amount - 0.005) AS paid_on,
                coalesce(max(p.running), 0) AS paid
              FROM invoices i LEFT JOIN (
                SELECT *, sum(amount) OVER (PARTITION BY acct, invoice_id ORDER BY paid ROWS UNBOUNDED PRECEDING) AS running FROM payments) p
              ON p.acct = i.acct AND p.invoice_id = i.invoice_id
              GROUP BY ALL;
            CREATE VIEW cash AS SELECT acct,
                avg(greatest(0, date_diff('day', due_date, paid_on::DATE))) FILTER (WHERE paid_on IS NOT NULL AND due_date >= b.e::DATE - 180 AND due_date < b.e::DATE) AS delay,
                median(greatest(0, date_diff('day', due_date, paid_on::DATE))) FILTER (WHERE paid_on IS NOT NULL AND due_date >= b.e::DATE - 180 AND due_date < b.e::DATE) AS median_delay,
                count(*) FILTER (WHERE paid_on IS NOT NULL AND due_date >= b.e::DATE - 180 AND due_date < b.e::DATE) AS paid_invoices,
                coalesce(sum(greatest(0, amount - paid)) FILTER (WHERE paid_on IS NULL AND due_date < b.e::DATE - 1), 0) AS overdue,
                coalesce(sum(greatest(0, amount - paid)) FILTER (WHERE paid_on IS NULL AND due_date < b.e::DATE - 31), 0) AS overdue_aged
              FROM settled CROSS JOIN bounds b GROUP BY acct;
            CREATE VIEW ranked AS SELECT r.*, coalesce(a.recent, 0) AS recent, coalesce(a.previous, 0) AS previous, coalesce(a.p_value, 1) AS p_value,
                coalesce(a.recent * 180 <= 0.5 * a.previous * 30 AND a.p_value < 0.01, false) AS declining,
                c.delay, c.median_delay, coalesce(c.paid_invoices, 0) AS paid_invoices, coalesce(c.overdue, 0) AS overdue, coalesce(c.overdue_aged, 0) AS overdue_aged,
                CASE WHEN sum(revenue) OVER () = 0 THEN 0 ELSE revenue / sum(revenue) OVER () END AS share,
                CASE WHEN sum(revenue) OVER () = 0 THEN 0 ELSE sum(revenue) OVER (ORDER BY revenue DESC, r.account_id ROWS UNBOUNDED PRECEDING) / sum(revenue) OVER () END AS cum,
                CASE WHEN sum(revenue_q4) OVER () = 0 THEN 0 ELSE revenue_q4 / sum(revenue_q4) OVER () END AS share_q4,
                row_number() OVER (ORDER BY revenue DESC, r.account_id) AS rank
              FROM rev r LEFT JOIN activity a ON a.acct = r.account_id LEFT JOIN cash c ON c.acct = r.account_id;
            """;
    }

    /// <summary>Drops the views <see cref="Views"/> made.</summary>
    public static string Drop() => string.Join(' ', ViewNames.Reverse().Select(v => $"DROP VIEW {v};"));
}
