using System.Globalization;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Testing;

/// <summary>
/// The key-account method written in DuckDB SQL from touchpoints, signatures, employments, profiles and accounts only,
/// with the default settings (revenue in RUB, no exchange rates; an event its person gives an account is on the
/// employer of its time): the oracle of the rank tests and the SQL peer of the rank benchmark.
/// The view <c>ranked</c> has one row per account with revenue, orders, margin, quarterly revenue, share, cumulative
/// share, rank, activity and its decline test, payment delay and overdue, margin and discount moments; the view
/// <c>ranking_rows</c> adds what <c>rankings</c> holds besides (ABC class, share flag, criterion scores, weighted score,
/// KAISM, trends with their Welch tests, gross margin, growth, replaceable share, quarterly shares, risk flags);
/// <see cref="Portfolio"/> sums a materialised <c>ranking_rows</c> into the figures of <c>portfolio_risk</c>.
/// </summary>
public static class RankingSql
{
    /// <summary>The views, in the order they are created (drop them in reverse).</summary>
    public static IReadOnlyList<string> ViewNames { get; } =
        ["tp", "bounds", "orders", "rev", "activity", "invoices", "payments", "settled", "cash", "departures", "ranked", "ranking_rows"];

    /// <summary>The default criteria and weights, in the configured order (score_&lt;name&gt; columns).</summary>
    private static readonly (string Name, double Weight)[] Criteria =
        [("purchase_frequency", 0.20), ("growth", 0.15), ("profitability", 0.20), ("criticality", 0.20), ("reputation", 0.10), ("willingness_to_partner", 0.15)];

    private static readonly string[] Judged = ["criticality", "reputation", "willingness_to_partner"];

    /// <summary>An order counted in the revenue window (RUB: the reporting currency, no rates).</summary>
    private const string InWindow = "o.occurred_at >= b.s AND o.occurred_at < b.e AND o.currency = 'RUB'";

    /// <param name="table">How a lake table is read, e.g. <see cref="DuckLake.Table"/>.</param>
    public static string Views(Func<string, string> table, DateOnly asOf)
    {
        var end = asOf.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var judged = string.Join(",\n", Judged.Select(c =>
            $"""
                  arg_max(CASE WHEN type = 'assessment' THEN json_extract(properties_json, '$.criteria.{c}')::INTEGER END,
                          CASE WHEN type = 'assessment' THEN (occurred_at, event_id) END)
                    FILTER (WHERE type = 'assessment' AND occurred_at < b.e AND json_type(properties_json, '$.criteria.{c}') IN ('BIGINT', 'UBIGINT')) AS judged_{c}
            """));
        return $"""
            CREATE VIEW tp AS SELECT * FROM (
              SELECT t.*, coalesce(m.account_id, s.account_id) AS acct
              FROM {table(TableNames.Touchpoints)} t JOIN {table(TableNames.Signatures)} s USING (signature_id)
              LEFT JOIN {table(TableNames.Employments)} m
                ON s.account_basis = 'person' AND m.profile_id = s.profile_id AND (m.valid_from IS NOT NULL OR m.valid_to IS NOT NULL)
               AND (m.valid_from IS NULL OR t.occurred_at >= m.valid_from) AND (m.valid_to IS NULL OR t.occurred_at < m.valid_to))
              WHERE acct IS NOT NULL;
            CREATE VIEW bounds AS SELECT e, e - INTERVAL 365 DAY AS s, e - INTERVAL '182 days 12 hours' AS mid,
              e - INTERVAL 364 DAY AS q1, e - INTERVAL 273 DAY AS q2, e - INTERVAL 182 DAY AS q3, e - INTERVAL 91 DAY AS q4,
              e - INTERVAL 180 DAY AS trend, e - INTERVAL 360 DAY AS trend_before, e - INTERVAL 90 DAY AS engaged_from
              FROM (SELECT TIMESTAMPTZ '{end} 00:00:00+00' AS e);
            CREATE VIEW orders AS SELECT * FROM (
              SELECT order_id, amount, coalesce(currency, 'RUB') AS currency, margin, discount, occurred_at, acct,
                     row_number() OVER (PARTITION BY order_id ORDER BY source = 'crm' DESC, occurred_at, event_id) AS n
              FROM tp WHERE type = 'order_completed' AND order_id IS NOT NULL AND amount IS NOT NULL) WHERE n = 1;
            CREATE VIEW rev AS SELECT a.account_id, any_value(a.crm_account_id) AS crm_account_id, any_value(a.name) AS name,
                coalesce(sum(o.amount) FILTER (WHERE {InWindow}), 0) AS revenue,
                count(o.order_id) FILTER (WHERE {InWindow}) AS orders,
                count(o.order_id) FILTER (WHERE o.occurred_at >= b.s AND o.occurred_at < b.e AND o.currency <> 'RUB') AS unconverted,
                list(struct_pack(currency := o.currency, amount := o.amount)) FILTER (WHERE o.occurred_at >= b.s AND o.occurred_at < b.e AND o.currency <> 'RUB') AS unconverted_amounts,
                sum(o.amount * o.margin) FILTER (WHERE {InWindow} AND o.margin IS NOT NULL)
                  / sum(o.amount) FILTER (WHERE {InWindow} AND o.margin IS NOT NULL) AS margin,
                sum(o.amount * o.margin) FILTER (WHERE {InWindow} AND o.margin IS NOT NULL) AS gross_margin,
                coalesce(sum(o.amount) FILTER (WHERE {InWindow} AND o.occurred_at >= b.mid), 0) AS second_half,
                coalesce(sum(o.amount) FILTER (WHERE {InWindow} AND o.occurred_at >= b.q1 AND o.occurred_at < b.q2), 0) AS revenue_q1,
                coalesce(sum(o.amount) FILTER (WHERE {InWindow} AND o.occurred_at >= b.q2 AND o.occurred_at < b.q3), 0) AS revenue_q2,
                coalesce(sum(o.amount) FILTER (WHERE {InWindow} AND o.occurred_at >= b.q3 AND o.occurred_at < b.q4), 0) AS revenue_q3,
                coalesce(sum(o.amount) FILTER (WHERE o.occurred_at >= b.q4 AND o.occurred_at < b.e AND o.currency = 'RUB'), 0) AS revenue_q4,
                count(DISTINCT date_trunc('month', o.occurred_at)) FILTER (WHERE {InWindow}) AS active_months,
                {Moments("margin", "recent", "b.trend", "b.e")},
                {Moments("margin", "earlier", "b.trend_before", "b.trend")},
                {Moments("discount", "recent", "b.trend", "b.e")},
                {Moments("discount", "earlier", "b.trend_before", "b.trend")},
                min(o.occurred_at) AS first_order_at,
                coalesce(min(o.occurred_at) >= any_value(b.s) AND min(o.occurred_at) < any_value(b.e), false) AS is_new
              FROM {table(TableNames.Accounts)} a CROSS JOIN bounds b LEFT JOIN orders o ON o.acct = a.account_id
              GROUP BY a.account_id;
            CREATE VIEW activity AS
              WITH c AS MATERIALIZED (
                SELECT acct,
                  count(*) FILTER (WHERE contact AND occurred_at >= b.e - INTERVAL 30 DAY AND occurred_at < b.e) AS recent,
                  count(*) FILTER (WHERE contact AND occurred_at >= b.e - INTERVAL 210 DAY AND occurred_at < b.e - INTERVAL 30 DAY) AS previous,
                  count(*) FILTER (WHERE contact AND occurred_at >= b.engaged_from AND occurred_at < b.e) AS engaged,
                  avg(nps) FILTER (WHERE type = 'feedback' AND occurred_at >= b.s AND occurred_at < b.e) AS nps,
                  arg_max(annual_budget, CASE WHEN type = 'account_updated' THEN (occurred_at, event_id) END) FILTER (WHERE type = 'account_updated' AND annual_budget IS NOT NULL AND occurred_at < b.e) AS budget,
            {judged}
                FROM (SELECT *, type NOT IN ('invoice_issued', 'payment_received', 'account_updated', 'assessment') AS contact FROM tp) CROSS JOIN bounds b
                GROUP BY acct),
              -- The chance a steady account is flagged: P(X <= k*) for the largest k* both rules flag (binomial CDF as a running sum).
              f AS (
                SELECT acct, max(cdf) FILTER (WHERE k * 180 <= 0.5 * (n - k) * 30 AND cdf < 0.01) AS false_alarm
                FROM (SELECT acct, n, k, sum(exp(lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1) + k * ln(1 / 7.0) + (n - k) * ln(6 / 7.0)))
                                           OVER (PARTITION BY acct ORDER BY k) AS cdf
                      FROM (SELECT acct, recent + previous AS n, unnest(range(0, floor(0.5 * 30 * (recent + previous) / (180 + 0.5 * 30))::BIGINT + 1)) AS k FROM c))
                GROUP BY acct)
              SELECT c.*, previous * 30 / 180.0 AS expected, coalesce(f.false_alarm, 0) AS false_alarm,
                list_sum(list_transform(range(0, recent + 1), i -> exp(lgamma(recent + previous + 1) - lgamma(i + 1) - lgamma(recent + previous - i + 1)
                  + i * ln(1 / 7.0) + (recent + previous - i) * ln(6 / 7.0)))) AS p_value
              FROM c LEFT JOIN f USING (acct);
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
            CREATE VIEW departures AS SELECT DISTINCT m.account_id AS acct
              FROM {table(TableNames.Employments)} m JOIN {table(TableNames.Profiles)} p USING (profile_id) CROSS JOIN bounds b
              WHERE m.valid_to IS NOT NULL AND p.role IN ('decision_maker', 'influencer') AND m.valid_to >= b.e - INTERVAL 180 DAY AND m.valid_to < b.e;
            CREATE VIEW ranked AS SELECT r.*, coalesce(a.recent, 0) AS recent, coalesce(a.previous, 0) AS previous, coalesce(a.p_value, 1) AS p_value,
                coalesce(a.expected, 0) AS expected, coalesce(a.false_alarm, 0) AS false_alarm, coalesce(a.engaged, 0) AS engaged, a.nps, a.budget,
                {string.Join(", ", Judged.Select(c => $"a.judged_{c}"))}, d.acct IS NOT NULL AS contact_left,
                coalesce(a.recent * 180 <= 0.5 * a.previous * 30 AND a.p_value < 0.01, false) AS declining,
                c.delay, c.median_delay, coalesce(c.paid_invoices, 0) AS paid_invoices, coalesce(c.overdue, 0) AS overdue, coalesce(c.overdue_aged, 0) AS overdue_aged,
                CASE WHEN sum(revenue) OVER () = 0 THEN 0 ELSE revenue / sum(revenue) OVER () END AS share,
                CASE WHEN sum(revenue) OVER () = 0 THEN 0 ELSE sum(revenue) OVER (ORDER BY revenue DESC, r.account_id ROWS UNBOUNDED PRECEDING) / sum(revenue) OVER () END AS cum,
                CASE WHEN sum(revenue) OVER () = 0 THEN 1
                     ELSE coalesce(sum(revenue) OVER (ORDER BY revenue DESC, r.account_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) / sum(revenue) OVER () END AS share_before,
                {string.Join(", ", Enumerable.Range(1, 4).Select(q => $"CASE WHEN sum(revenue_q{q}) OVER () = 0 THEN 0 ELSE revenue_q{q} / sum(revenue_q{q}) OVER () END AS share_q{q}"))},
                row_number() OVER (ORDER BY revenue DESC, r.account_id) AS rank
              FROM rev r LEFT JOIN activity a ON a.acct = r.account_id LEFT JOIN cash c ON c.acct = r.account_id LEFT JOIN departures d ON d.acct = r.account_id;
            CREATE VIEW ranking_rows AS
              WITH w AS (
                SELECT *, {WelchInputs("margin_recent", "margin_earlier", "margin_test")}, {WelchInputs("discount_earlier", "discount_recent", "discount_test")}
                FROM ranked),
              s AS (
                SELECT *,
                  1 + round(9 * least(1, active_months / greatest(1, 365 / 30.4375)))::INTEGER AS score_purchase_frequency,
                  {Percentile("CASE WHEN revenue > 0 THEN second_half / revenue END")} AS score_growth,
                  {Percentile("margin")} AS score_profitability,
                  {string.Join(", ", Judged.Select(c => $"judged_{c} AS score_{c}"))},
                  {Percentile("engaged")} AS engagement_score,
                  CASE WHEN budget > 0 THEN least(1, revenue / budget) END AS share_of_wallet,
                  2 * second_half - revenue AS revenue_growth,
                  round(margin_w_recent - margin_w_earlier, 9) AS margin_trend, {Welch("margin_test")} AS margin_trend_p_value,
                  round(discount_w_recent - discount_w_earlier, 9) AS discount_trend, {Welch("discount_test")} AS discount_trend_p_value
                FROM w),
              k AS (
                SELECT *,
                  CASE WHEN {Sum(Criteria.Select(c => $"CASE WHEN score_{c.Name} IS NOT NULL THEN {Double(c.Weight)} ELSE 0 END"))} > 0
                       THEN round(({Sum(Criteria.Select(c => $"coalesce({Double(c.Weight)} * score_{c.Name}, 0)"))})
                                  / ({Sum(Criteria.Select(c => $"CASE WHEN score_{c.Name} IS NOT NULL THEN {Double(c.Weight)} ELSE 0 END"))}), 6) END AS score,
                  round((0.3::DOUBLE * engagement_score + coalesce(0.4::DOUBLE * (1 + 9 * share_of_wallet), 0) + coalesce(0.3::DOUBLE * (1 + 0.9 * nps), 0))
                        / (0.3::DOUBLE + CASE WHEN share_of_wallet IS NOT NULL THEN 0.4 ELSE 0 END + CASE WHEN nps IS NOT NULL THEN 0.3 ELSE 0 END), 6) AS kaism_attractiveness
                FROM s),
              q AS (
                SELECT *, coalesce(score, 1) AS kaism_value,
                  CASE WHEN coalesce(score, 1) >= 5.5 THEN (CASE WHEN kaism_attractiveness >= 5.5 THEN 'key' ELSE 'prospective' END)
                       ELSE (CASE WHEN kaism_attractiveness >= 5.5 THEN 'maintain' ELSE 'low_priority' END) END AS kaism_quadrant
                FROM k)
              SELECT *,
                CASE WHEN revenue = 0 THEN 'C' WHEN share_before < 0.80 THEN 'A' WHEN share_before < 0.95 THEN 'B' ELSE 'C' END AS abc_class,
                CASE WHEN share > 0.5 THEN 'mono' WHEN share > 0.2 THEN 'dependency' WHEN share > 0.1 THEN 'key' ELSE 'none' END AS share_flag,
                round(expected, 9) AS touchpoints_expected, CASE WHEN expected > 0 THEN round(recent / expected - 1, 9) END AS activity_change,
                CASE WHEN sum(gross_margin) OVER () > 0 THEN gross_margin / sum(gross_margin) OVER () END AS margin_share,
                sum(revenue_growth) FILTER (WHERE kaism_quadrant = 'prospective' AND revenue_growth > 0) OVER () AS prospective_growth,
                CASE WHEN revenue > 0 THEN least(1, (coalesce(sum(revenue_growth) FILTER (WHERE kaism_quadrant = 'prospective' AND revenue_growth > 0) OVER (), 0)
                  - CASE WHEN kaism_quadrant = 'prospective' AND revenue_growth > 0 THEN revenue_growth ELSE 0 END) / revenue) END AS replaceable_share,
                list_filter([
                  CASE WHEN contact_left THEN 'contact_left' END,
                  CASE WHEN declining THEN 'declining' END,
                  CASE WHEN discount_trend > 0.05 AND discount_n_recent >= 5 AND discount_n_earlier >= 5 AND discount_trend_p_value < 0.05 THEN 'discount_growth' END,
                  CASE WHEN share > 0.2 THEN 'dependency' END,
                  CASE WHEN margin_trend < -0.05 AND margin_n_recent >= 5 AND margin_n_earlier >= 5 AND margin_trend_p_value < 0.05 THEN 'margin_erosion' END,
                  CASE WHEN share > 0.5 THEN 'mono_client' END,
                  CASE WHEN overdue_aged > 0 AND overdue_aged > 0.10 * revenue THEN 'overdue' END,
                  CASE WHEN paid_invoices >= 3 AND median_delay > 15 THEN 'payment_delay' END], f -> f IS NOT NULL) AS risk_flags
              FROM q;
            """;
    }

    /// <summary>The figures of <c>portfolio_risk</c> from a relation of <c>ranking_rows</c> (materialise it first: it is read more than once).</summary>
    public static string Portfolio(string rankings) => $"""
        SELECT sum(revenue) AS total_revenue, count(*) AS accounts, count(*) FILTER (WHERE revenue > 0) AS accounts_with_revenue,
               sum(unconverted) AS unconverted_orders,
               coalesce((SELECT list(currency || ' ' || printf('%.2f', amount) ORDER BY currency)
                FROM (SELECT currency, sum(amount) AS amount FROM (SELECT unnest(unconverted_amounts, recursive := true) FROM {rankings}) GROUP BY currency)), []::VARCHAR[]) AS unconverted_amounts,
               sum(share * share) AS hhi,
               coalesce(sum(revenue) FILTER (WHERE rank <= 1) / nullif(sum(revenue), 0), 0) AS top1_share,
               coalesce(sum(revenue) FILTER (WHERE rank <= 5) / nullif(sum(revenue), 0), 0) AS top5_share,
               count(*) FILTER (WHERE share > 0.1) AS key_accounts, count(*) FILTER (WHERE share > 0.2) AS dependency_accounts,
               coalesce(bool_or(share > 0.5), false) AS mono_client,
               count(*) FILTER (WHERE abc_class = 'A') AS class_a_accounts, count(*) FILTER (WHERE abc_class = 'B') AS class_b_accounts,
               count(*) FILTER (WHERE abc_class = 'C') AS class_c_accounts,
               count(*) FILTER (WHERE declining) AS declining_accounts, coalesce(avg(false_alarm), 0) AS decline_false_alarm_rate,
               coalesce(sum(revenue) FILTER (WHERE is_new) / nullif(sum(revenue), 0), 0) AS revenue_share_new_accounts,
               coalesce(sum(revenue) FILTER (WHERE rank <= 1), 0) AS stress_top1_lost, coalesce(sum(revenue) FILTER (WHERE rank <= 3), 0) AS stress_top3_lost,
               coalesce(sum(revenue) FILTER (WHERE rank <= 5), 0) AS stress_top5_lost,
               coalesce(sum(revenue) FILTER (WHERE rank <= 1) / nullif(sum(revenue), 0), 0) AS stress_top1_share,
               coalesce(sum(revenue) FILTER (WHERE rank <= 3) / nullif(sum(revenue), 0), 0) AS stress_top3_share,
               coalesce(sum(revenue) FILTER (WHERE rank <= 5) / nullif(sum(revenue), 0), 0) AS stress_top5_share,
               coalesce(sum(gross_margin), 0) AS total_gross_margin, coalesce(any_value(prospective_growth), 0) AS prospective_growth
        FROM {rankings}
        """;

    /// <summary>Drops the views <see cref="Views"/> made.</summary>
    public static string Drop() => string.Join(' ', ViewNames.Reverse().Select(v => $"DROP VIEW {v};"));

    /// <summary>
    /// Count, revenue-weighted mean, mean and sample variance of <paramref name="x"/> over the orders with a positive
    /// RUB amount in [from, to): columns <c>{x}_n_{period}</c>, <c>{x}_w_…</c>, <c>{x}_mean_…</c>, <c>{x}_var_…</c>.
    /// </summary>
    private static string Moments(string x, string period, string from, string to)
    {
        var filter = $"o.occurred_at >= {from} AND o.occurred_at < {to} AND o.currency = 'RUB' AND o.amount > 0";
        return $"count(o.{x}) FILTER (WHERE {filter}) AS {x}_n_{period}, " +
               $"sum(o.amount * o.{x}) FILTER (WHERE {filter}) / sum(o.amount) FILTER (WHERE {filter} AND o.{x} IS NOT NULL) AS {x}_w_{period}, " +
               $"avg(o.{x}) FILTER (WHERE {filter}) AS {x}_mean_{period}, var_samp(o.{x}) FILTER (WHERE {filter}) AS {x}_var_{period}";
    }

    /// <summary>Mid-rank percentile of a value among the rows that have one, as a score 1..10 (null where it has none).</summary>
    private static string Percentile(string value) =>
        $"""
        CASE WHEN ({value}) IS NOT NULL THEN 1 + round(9 * CASE WHEN count({value}) OVER () <= 1 THEN 0.5
          ELSE (rank() OVER (PARTITION BY ({value}) IS NULL ORDER BY {value}) - 1 + (count(*) OVER (PARTITION BY {value}) - 1) / 2.0) / (count({value}) OVER () - 1) END)::INTEGER END
        """;

    /// <summary>
    /// What the one-sided Welch t-test that the mean of <paramref name="a"/> is below that of <paramref name="b"/> (the
    /// moments' prefixes) needs: <c>{test}_n</c> (the smaller count), <c>{test}_spread</c> (the squared standard error),
    /// <c>{test}_t</c>, <c>{test}_df</c> (Welch–Satterthwaite) and the Simpson step <c>{test}_h</c> of <see cref="Welch"/>.
    /// </summary>
    private static string WelchInputs(string a, string b, string test)
    {
        string Of(string side, string moment) => side.Replace("_", $"_{moment}_", StringComparison.Ordinal);
        var (na, nb) = (Of(a, "n"), Of(b, "n"));
        var (va, vb) = ($"({Of(a, "var")} / {na})", $"({Of(b, "var")} / {nb})");
        return $"least({na}, {nb}) AS {test}_n, {va} + {vb} AS {test}_spread, ({Of(a, "mean")} - {Of(b, "mean")}) / sqrt({va} + {vb}) AS {test}_t, " +
               $"({va} + {vb}) * ({va} + {vb}) / ({va} * {va} / ({na} - 1) + {vb} * {vb} / ({nb} - 1)) AS {test}_df, " +
               $"{Of(a, "mean")} - {Of(b, "mean")} AS {test}_difference, atan(abs({test}_t) / sqrt({test}_df)) / 200 AS {test}_h";
    }

    /// <summary>
    /// The p-value of a Welch test (<see cref="WelchInputs"/>): P(T ≤ t) for ν degrees of freedom. The t CDF is integrated
    /// after x = √ν·tan θ, which turns the density into cos^(ν−1) θ on a bounded interval: Simpson's rule with 200 steps.
    /// </summary>
    private static string Welch(string test)
    {
        var (t, df, h) = ($"{test}_t", $"{test}_df", $"{test}_h");
        return $"""
            CASE WHEN {test}_n < 2 THEN NULL
                 WHEN {test}_spread = 0 THEN CASE WHEN {test}_difference < 0 THEN 0.0 ELSE 1.0 END
                 ELSE 0.5 + sign({t}) * exp(lgamma(({df} + 1) / 2) - lgamma({df} / 2)) / sqrt(pi()) * {h} / 3
                   * list_sum(list_transform(range(0, 201), i -> CASE WHEN i = 0 OR i = 200 THEN 1 WHEN i % 2 = 1 THEN 4 ELSE 2 END * pow(cos(i * {h}), {df} - 1))) END
            """;
    }

    private static string Sum(IEnumerable<string> terms) => string.Join(" + ", terms);

    private static string Double(double value) => value.ToString("R", CultureInfo.InvariantCulture) + "::DOUBLE";
}
