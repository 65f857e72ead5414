using System.Globalization;
using ProfileUnifier.Analytics.Ranking;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Synthetic;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Analytics.Tests;

/// <summary>
/// The oracle: the same figures recomputed independently in DuckDB SQL over the lake, compared with what
/// <c>rank</c> wrote to <c>rankings</c> and <c>portfolio_risk</c>.
/// </summary>
public sealed class RankOracleTests : IAsyncLifetime
{
    private readonly TempFolder _dir = new();
    private RankingResult _result = null!;
    private DateOnly _asOf;

    public async Task InitializeAsync()
    {
        Datasets.Write(_dir["data"], new GeneratorOptions { Accounts = 80, Events = 30_000, Seed = 5 });
        await LakeBuilder.IngestAsync(_dir["lake"], [_dir["data/events.ndjson"]]);
        _result = await LakeBuilder.RankAsync(_dir["lake"]);
        _asOf = _result.Portfolio.AsOf;
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public void Rankings_AccountFigures_MatchDuckDb()
    {
        using var duck = Oracle();
        var expected = duck.Rows("""
            SELECT account_id, revenue, orders, rank, share, cum,
                   CASE WHEN revenue = 0 THEN 'C' WHEN cum - share < 0.80 - 1e-12 THEN 'A' WHEN cum - share < 0.95 - 1e-12 THEN 'B' ELSE 'C' END,
                   CASE WHEN share > 0.5 THEN 'mono' WHEN share > 0.2 THEN 'dependency' WHEN share > 0.1 THEN 'key' ELSE 'none' END,
                   recent, previous, declining, delay, overdue, is_new, p_value, median_delay, paid_invoices, overdue_aged, margin, share_q4, unconverted
            FROM ranked ORDER BY rank
            """);
        var actual = duck.Rows($"""
            SELECT account_id, revenue, orders, rank, revenue_share, cumulative_share, abc_class, share_flag,
                   touchpoints_recent, touchpoints_previous, declining, avg_payment_delay_days, overdue_amount, new_account,
                   decline_p_value, median_payment_delay_days, paid_invoices, overdue_aged_amount, margin, share_q4, unconverted_orders
            FROM {duck.Table(TableNames.Rankings)} ORDER BY rank
            """);

        Assert.Equal(expected.Count, actual.Count);
        Assert.True(expected.Count > 50);
        for (var i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            Assert.True(Equals(e[0], a[0]), $"rank {i}: expected {string.Join(" | ", e)}; actual {string.Join(" | ", a)}");
            foreach (var c in new[] { 1, 4, 5, 11, 12, 15, 17, 18, 19 })
            {
                Close(e[c], a[c], $"column {c} of {e[0]}");
            }

            foreach (var c in new[] { 2, 3, 8, 9, 16, 20 })
            {
                Assert.Equal(Convert.ToInt64(e[c], CultureInfo.InvariantCulture), Convert.ToInt64(a[c], CultureInfo.InvariantCulture));
            }

            Assert.Equal((e[6], e[7], e[10], e[13]), (a[6], a[7], a[10], a[13]));
            Close(e[14], a[14], $"p-value of {e[0]}", 1e-9);
        }

        // The data set has all of it: concentration, decline, late payers, overdue invoices, new accounts.
        Assert.Contains(actual, a => (bool)a[10]!);
        Assert.Contains(actual, a => a[15] is double d && d > 15);
        Assert.Contains(actual, a => (double)a[17]! > 0);
        Assert.Contains(actual, a => (bool)a[13]!);
    }

    [Fact]
    public void PortfolioRisk_MatchesDuckDb()
    {
        using var duck = Oracle();
        var e = duck.Rows("""
            SELECT sum(revenue), sum(share * share),
                   max(share), sum(revenue) FILTER (WHERE rank <= 5) / sum(revenue),
                   count(*) FILTER (WHERE share > 0.1), count(*) FILTER (WHERE share > 0.2), bool_or(share > 0.5),
                   sum(revenue) FILTER (WHERE is_new) / sum(revenue),
                   sum(revenue) FILTER (WHERE rank <= 1), sum(revenue) FILTER (WHERE rank <= 3), sum(revenue) FILTER (WHERE rank <= 5),
                   count(*) FILTER (WHERE revenue > 0 AND cum - share < 0.8), count(*) FILTER (WHERE declining),
                   count(*)
            FROM ranked
            """).Single();
        var a = duck.Rows($"""
            SELECT total_revenue, hhi, top1_share, top5_share, key_accounts, dependency_accounts, mono_client, revenue_share_new_accounts,
                   stress_top1_lost, stress_top3_lost, stress_top5_lost, class_a_accounts, declining_accounts, accounts
            FROM {duck.Table(TableNames.PortfolioRisk)}
            """).Single();

        foreach (var i in new[] { 0, 1, 2, 3, 7, 8, 9, 10 })
        {
            Close(e[i], a[i], $"portfolio column {i}");
        }

        foreach (var i in new[] { 4, 5, 11, 12, 13 })
        {
            Assert.Equal(Convert.ToInt64(e[i], CultureInfo.InvariantCulture), Convert.ToInt64(a[i], CultureInfo.InvariantCulture));
        }

        Assert.Equal(e[6], a[6]);
        Assert.InRange((double)a[7]!, 0.01, 0.99);
    }

    [Fact]
    public void Rankings_EveryOtherFigure_MatchesDuckDb()
    {
        using var duck = Oracle();
        // rankings column, oracle column, tolerance (null: equal).
        (string Ours, string Sql, double? Tolerance)[] columns =
        [
            ("abc_class", "abc_class", null), ("share_flag", "share_flag", null), ("score", "score", 1e-6),
            ("score_purchase_frequency", "score_purchase_frequency", null), ("score_growth", "score_growth", null),
            ("score_profitability", "score_profitability", null), ("score_criticality", "score_criticality", null),
            ("score_reputation", "score_reputation", null), ("score_willingness_to_partner", "score_willingness_to_partner", null),
            ("kaism_value", "kaism_value", 1e-6), ("kaism_attractiveness", "kaism_attractiveness", 1e-6), ("kaism_quadrant", "kaism_quadrant", null),
            ("share_of_wallet", "share_of_wallet", 1e-9), ("engagement_score", "engagement_score", null), ("avg_nps", "nps", 1e-9),
            ("touchpoints_expected", "touchpoints_expected", 1e-9), ("activity_change", "activity_change", 1e-9),
            ("margin_trend", "margin_trend", 1e-9), ("margin_trend_p_value", "margin_trend_p_value", 1e-6),
            ("discount_trend", "discount_trend", 1e-9), ("discount_trend_p_value", "discount_trend_p_value", 1e-6),
            ("gross_margin", "gross_margin", 1e-9), ("margin_share", "margin_share", 1e-9), ("revenue_growth", "revenue_growth", 1e-9),
            ("replaceable_share", "replaceable_share", 1e-9), ("share_q1", "share_q1", 1e-9), ("share_q2", "share_q2", 1e-9),
            ("share_q3", "share_q3", 1e-9), ("first_order_at", "first_order_at", null), ("risk_flags", "risk_flags", null),
        ];
        var rows = duck.Rows($"""
            SELECT r.account_id, {string.Join(", ", columns.Select(c => $"r.{c.Ours}, s.{c.Sql}"))}
            FROM {duck.Table(TableNames.Rankings)} r JOIN ranking_rows s USING (account_id) ORDER BY r.rank
            """);

        Assert.Equal(_result.Accounts.Count, rows.Count);
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Length; i++)
            {
                var (actual, expected, what) = (row[1 + (2 * i)], row[2 + (2 * i)], $"{columns[i].Ours} of {row[0]}");
                if (columns[i].Tolerance is { } tolerance)
                {
                    Close(expected, actual, what, tolerance);
                }
                else
                {
                    Assert.True(Text(expected) == Text(actual), $"{what}: expected {Text(expected)}, got {Text(actual)}");
                }
            }
        }

        // The data set exercises them: judged scores, budgets, feedback, trends with their tests.
        Assert.Contains(_result.Accounts, a => a.CriterionScores[3] is not null);
        Assert.Contains(_result.Accounts, a => a.ShareOfWallet is not null && a.AverageNps is not null);
        Assert.Contains(_result.Accounts, a => a.MarginTrendPValue is > 0 and < 1);
    }

    [Fact]
    public void PortfolioRisk_EveryFigure_MatchesDuckDb()
    {
        using var duck = Oracle();
        duck.Execute("CREATE TABLE rankings_sql AS SELECT * FROM ranking_rows");
        string[] columns =
        [
            "total_revenue", "accounts", "accounts_with_revenue", "unconverted_orders", "unconverted_amounts", "hhi", "top1_share", "top5_share",
            "key_accounts", "dependency_accounts", "mono_client", "class_a_accounts", "class_b_accounts", "class_c_accounts", "declining_accounts",
            "decline_false_alarm_rate", "revenue_share_new_accounts", "stress_top1_lost", "stress_top3_lost", "stress_top5_lost",
            "stress_top1_share", "stress_top3_share", "stress_top5_share", "total_gross_margin", "prospective_growth",
        ];
        var expected = duck.Rows($"SELECT {string.Join(", ", columns)} FROM ({RankingSql.Portfolio("rankings_sql")})").Single();
        var actual = duck.Rows($"SELECT {string.Join(", ", columns)} FROM {duck.Table(TableNames.PortfolioRisk)}").Single();

        for (var i = 0; i < columns.Length; i++)
        {
            if (expected[i] is double or float or decimal)
            {
                Close(expected[i], actual[i], columns[i]);
            }
            else
            {
                Assert.True(Text(expected[i]) == Text(actual[i]), $"{columns[i]}: expected {Text(expected[i])}, got {Text(actual[i])}");
            }
        }
    }

    [Fact]
    public async Task Rank_SameLakeAndDate_ByteIdenticalTablesNoAlertRepeated()
    {
        // A new file name each run: the content is what must not change.
        byte[] Bytes(string table)
        {
            using var duck = new DuckLake(_dir["lake"]);
            return File.ReadAllBytes(Assert.Single(duck.LiveFiles(table)));
        }

        var first = TableNames.RankOutputs.Select(Bytes).ToList();

        var again = await LakeBuilder.RankOutcomeAsync(_dir["lake"], _asOf);

        Assert.Empty(again.Alerts.Changes);
        Assert.NotEmpty(again.Alerts.Table);
        Assert.Equal(first, TableNames.RankOutputs.Select(Bytes));
    }

    [Theory]
    [InlineData("rankings")]
    [InlineData("portfolio_risk")]
    [InlineData("alerts")]
    [InlineData("campaign_reactions")]
    public void RankTables_ColumnsAndTypes_AsDocumented(string table)
    {
        using var duck = new DuckLake(_dir["lake"]);

        Golden.Match($"{table}.schema.txt", duck.Describe(table));
    }

    /// <summary>Views recomputing the method in SQL from touchpoints, signatures and accounts only.</summary>
    private DuckLake Oracle()
    {
        var duck = new DuckLake(_dir["lake"]);
        duck.Execute(RankingSql.Views(duck.Table, _asOf));
        return duck;
    }

    /// <summary>A cell as text, lists joined, so values of any type compare by content.</summary>
    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        System.Collections.IEnumerable list => "[" + string.Join(", ", list.Cast<object?>().Select(Text)) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    private static void Close(object? expected, object? actual, string what, double tolerance = 1e-9)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{what}: expected {expected ?? "null"}, got {actual ?? "null"}");
            return;
        }

        var (e, a) = (Convert.ToDouble(expected, CultureInfo.InvariantCulture), Convert.ToDouble(actual, CultureInfo.InvariantCulture));
        Assert.True(Math.Abs(e - a) <= tolerance * Math.Max(1, Math.Abs(e)), $"{what}: expected {e:R}, got {a:R}");
    }
}
