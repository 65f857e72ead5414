using System.Data.Common;
using System.Globalization;
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
/// Orders deduplicated, converted and summed per account. Decimal sums in DuckDB are exact, so the totals do not
/// depend on how its threads split the work. Accounts that reacted to a campaign also get their converted orders
/// from their first reaction on, for the campaign reactions.
/// </summary>
internal static class OrdersQuery
{
    /// <summary>Month bits fit a BIGINT: a window over more months counts them with count(DISTINCT).</summary>
    private const int MaxMonthBits = 62;

    /// <summary>The columns <see cref="PerAccountSql"/> selects after <c>idx</c>.</summary>
    public const int Columns = 34;

    /// <summary>Fills the account's order totals from the columns after <paramref name="offset"/> (its <c>idx</c>), if it has orders.</summary>
    public static void Fill(DbDataReader reader, int offset, AccountFacts facts)
    {
        if (reader.IsDBNull(offset + 2))
        {
            return;
        }

        facts.Orders = Totals(reader, offset);
        foreach (var (at, amount) in Pairs(reader, offset + Columns, "at_us", "value"))
        {
            facts.OrdersAfterReactions.Add((Time(Convert.ToInt64(at, CultureInfo.InvariantCulture)), Money(amount)));
        }
    }

    /// <summary>
    /// The precision the per-order decimals are cast to: 18 digits (64-bit arithmetic, much faster to sum) when the
    /// largest amount, rate, margin and discount prove every value fits with room to spare, else 38. The cast rounds
    /// at the same scale either way and the sums are 38 digits either way, so the totals are the same to the bit.
    /// </summary>
    /// <remarks>
    /// The bounds come from the touchpoints table itself (every order, with an account or not): a bound over a superset
    /// is still a bound, and reading three columns costs nothing beside the facts query's join.
    /// </remarks>
    public static int Width(LakeDatabase lake, bool converts)
    {
        var rates = converts ? $"(SELECT max(abs(rate)) FROM (SELECT rate FROM {FxTable.Dated} UNION ALL SELECT rate FROM {FxTable.Undated}))" : "1";
        return lake.Read($"""
            SELECT max(abs(amount)) * greatest(1, coalesce({rates}, 1)), max(abs(margin)), max(abs(discount))
            FROM {TableNames.Touchpoints} WHERE type = '{EventCatalog.OrderCompleted}'
            """, reader =>
        {
            reader.Read();
            double Max(int i) => reader.IsDBNull(i) ? 0 : reader.GetDouble(i);
            var (value, ratio) = (Max(0), Math.Max(Max(1), Max(2)));
            // value·ratio at scale 6, ratio at 9, ratio² at 12: each below 10^17 (DECIMAL(18) holds below 10^18).
            var fits = value * Math.Max(1, ratio) < 1e11 && ratio < 1e8 && ratio * ratio < 1e5;
            return fits ? 18 : 38;
        });
    }

    /// <summary>
    /// Per account (<c>idx</c>, then <see cref="Columns"/> columns) from <paramref name="events"/>: its orders, each
    /// order_id once, converted and summed over the periods of <paramref name="w"/>, and its converted orders from its
    /// first campaign reaction on (<paramref name="reacting"/>: idx, first_reaction).
    /// </summary>
    public static string PerAccountSql(string events, string reacting, RankWindows w, CurrencyOptions currency, bool converts, int width)
    {
        var value = converts
            ? $"CASE WHEN o.currency = {LakeDatabase.Literal(currency.ReportingCurrency)} THEN o.amount ELSE o.amount * coalesce(d.rate, u.rate) END"
            : $"CASE WHEN o.currency = {LakeDatabase.Literal(currency.ReportingCurrency)} THEN o.amount END";
        var quarter = string.Join(" ", Enumerable.Range(0, 4).Select(q => $"WHEN ts >= {Sql(w.Quarters[q])} AND ts < {Sql(w.Quarters[q + 1])} THEN {q}"));
        // Active months as bits of a BIGINT from the window's first month (count(DISTINCT) keeps a hash set per account).
        var first = DateOnly.FromDateTime(w.Start);
        var last = DateOnly.FromDateTime(w.End.AddTicks(-1));
        var firstMonth = (first.Year * 12) + first.Month;
        var bits = (last.Year * 12) + last.Month - firstMonth + 1 <= MaxMonthBits;
        var month = "year(day) * 12 + month(day)";
        var activeMonths = bits
            ? $"coalesce(bit_count(bit_or(month_bit)), 0)::BIGINT"
            : $"count(DISTINCT {month}) FILTER (WHERE win AND value IS NOT NULL)";
        string Sum(string column, string filter) => $"(sum({column}) FILTER (WHERE {filter}))::DOUBLE";
        string Moments(string x, string period) =>
            $"count({x}) FILTER (WHERE {period}), {Sum($"d_value_{x}", period)}, {Sum("d_value", $"{period} AND {x} IS NOT NULL")}, " +
            $"{Sum($"d_{x}", period)}, {Sum($"d_{x}2", period)}";
        var d = $"DECIMAL({width},";
        return $"""
            WITH o AS (
              SELECT unnest(arg_min(struct_pack(idx, ts := occurred_at, amount, currency := coalesce(currency, {LakeDatabase.Literal(currency.DefaultOrReporting)}), margin, discount),
                                    (source <> 'crm', occurred_at, event_id)))
              FROM {events}
              WHERE type = '{EventCatalog.OrderCompleted}' AND order_id IS NOT NULL AND amount IS NOT NULL
              GROUP BY order_id),
            v AS (
              -- The UTC day by arithmetic: a DATE, not a time-zone conversion per row.
              SELECT o.*, {value} AS value, r.first_reaction,
                     DATE '1970-01-01' + (epoch_us(o.ts) // 86400000000)::INTEGER AS day
              FROM o {(converts ? $"ASOF LEFT JOIN {FxTable.Dated} d ON d.currency = o.currency AND (DATE '1970-01-01' + (epoch_us(o.ts) // 86400000000)::INTEGER) >= d.day LEFT JOIN {FxTable.Undated} u ON u.currency = o.currency" : "")}
              LEFT JOIN {reacting} r ON r.idx = o.idx
              WHERE o.idx IS NOT NULL),
            x AS (
              -- Each order's periods and decimals once, not once per sum that reads them.
              SELECT *,
                     ts >= {Sql(w.Start)} AND ts < {Sql(w.End)} AS win,
                     ts >= {Sql(w.TrendStart)} AND ts < {Sql(w.End)} AND value > 0 AS recent,
                     ts >= {Sql(w.TrendBefore)} AND ts < {Sql(w.TrendStart)} AND value > 0 AS earlier,
                     CASE {quarter} END AS quarter,
                     {(bits ? $"CASE WHEN ts >= {Sql(w.Start)} AND ts < {Sql(w.End)} AND value IS NOT NULL THEN 1::BIGINT << ({month} - {firstMonth}) END" : "NULL")} AS month_bit,
                     value::{d}6) AS d_value, (value * margin)::{d}6) AS d_value_margin, (value * discount)::{d}6) AS d_value_discount,
                     margin::{d}9) AS d_margin, (margin * margin)::{d}12) AS d_margin2, discount::{d}9) AS d_discount, (discount * discount)::{d}12) AS d_discount2
              FROM v)
            SELECT idx, epoch_us(min(ts)),
                   count(*) FILTER (WHERE win AND value IS NOT NULL), {Sum("d_value", "win")}, {Sum("d_value", $"win AND ts >= {Sql(w.Middle)}")},
                   {string.Join(", ", Enumerable.Range(0, 4).Select(q => Sum("d_value", $"quarter = {q}")))},
                   {Sum("d_value_margin", "win AND margin IS NOT NULL")}, {Sum("d_value", "win AND margin IS NOT NULL")},
                   {activeMonths},
                   {Moments("margin", "recent")}, {Moments("margin", "earlier")}, {Moments("discount", "recent")}, {Moments("discount", "earlier")},
                   count(*) FILTER (WHERE win AND value IS NULL),
                   list(struct_pack(currency, amount)) FILTER (WHERE win AND value IS NULL),
                   list(struct_pack(at_us := epoch_us(ts), value)) FILTER (WHERE first_reaction IS NOT NULL AND ts >= first_reaction AND ts < {Sql(w.End)} AND value IS NOT NULL)
            FROM x GROUP BY idx
            """;
    }

    private static OrderTotals Totals(DbDataReader r, int o) => new()
    {
        FirstOrder = NullableTime(r, o + 1),
        Orders = (int)r.GetInt64(o + 2),
        Revenue = Decimal(r, o + 3),
        SecondHalf = Decimal(r, o + 4),
        Quarters = [Decimal(r, o + 5), Decimal(r, o + 6), Decimal(r, o + 7), Decimal(r, o + 8)],
        MarginSum = Decimal(r, o + 9),
        MarginWeight = Decimal(r, o + 10),
        ActiveMonths = (int)r.GetInt64(o + 11),
        MarginRecent = Moments(r, o + 12),
        MarginEarlier = Moments(r, o + 17),
        DiscountRecent = Moments(r, o + 22),
        DiscountEarlier = Moments(r, o + 27),
        UnconvertedOrders = (int)r.GetInt64(o + 32),
        Unconverted = [.. Pairs(r, o + 33, "currency", "amount").GroupBy(p => (string)p.A!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Sum(p => Money(p.B)), g.Count()))],
    };

    private static Moments Moments(DbDataReader r, int i) =>
        new((int)r.GetInt64(i), Decimal(r, i + 1), Decimal(r, i + 2), Decimal(r, i + 3), Decimal(r, i + 4));

    /// <summary>The two named fields of each struct in a list column (DuckDB.NET reads structs as dictionaries).</summary>
    private static IEnumerable<(object? A, object? B)> Pairs(DbDataReader r, int i, string a, string b) =>
        r.IsDBNull(i) ? [] : ((System.Collections.IEnumerable)r.GetValue(i)).Cast<IDictionary<string, object?>>().Select(d => (d[a], d[b]));

    private static decimal Decimal(DbDataReader r, int i) => r.IsDBNull(i) ? 0 : (decimal)r.GetDouble(i);

    private static decimal Money(object? value) => Convert.ToDecimal(value, CultureInfo.InvariantCulture);
}
