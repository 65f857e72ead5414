using System.Globalization;
using ProfileUnifier.Analytics.Options;
using ProfileUnifier.Analytics.Ranking;
using ProfileUnifier.Lake;
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
                   recent, previous, previous >= 10 AND recent < previous * 0.7, delay, overdue, is_new
            FROM ranked ORDER BY rank
            """);
        var actual = duck.Rows($"""
            SELECT account_id, revenue, orders, rank, revenue_share, cumulative_share, abc_class, share_flag,
                   touchpoints_recent, touchpoints_previous, declining, avg_payment_delay_days, overdue_amount, new_account
            FROM {duck.Table(TableNames.Rankings)} ORDER BY rank
            """);

        Assert.Equal(expected.Count, actual.Count);
        Assert.True(expected.Count > 50);
        for (var i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            Assert.Equal(e[0], a[0]);
            Close(e[1], a[1], $"revenue of {e[0]}");
            Assert.Equal(Convert.ToInt64(e[2], CultureInfo.InvariantCulture), Convert.ToInt64(a[2], CultureInfo.InvariantCulture));
            Assert.Equal(Convert.ToInt64(e[3], CultureInfo.InvariantCulture), Convert.ToInt64(a[3], CultureInfo.InvariantCulture));
            Close(e[4], a[4], $"share of {e[0]}");
            Close(e[5], a[5], $"cumulative share of {e[0]}");
            Assert.Equal((e[6], e[7]), (a[6], a[7]));
            Assert.Equal(Convert.ToInt64(e[8], CultureInfo.InvariantCulture), Convert.ToInt64(a[8], CultureInfo.InvariantCulture));
            Assert.Equal(Convert.ToInt64(e[9], CultureInfo.InvariantCulture), Convert.ToInt64(a[9], CultureInfo.InvariantCulture));
            Assert.Equal(e[10], a[10]);
            Close(e[11], a[11], $"payment delay of {e[0]}");
            Close(e[12], a[12], $"overdue of {e[0]}");
            Assert.Equal(e[13], a[13]);
        }

        // The data set has all of it: concentration, decline, late payers, overdue invoices, new accounts.
        Assert.Contains(actual, a => (bool)a[10]!);
        Assert.Contains(actual, a => a[11] is double d && d > 15);
        Assert.Contains(actual, a => (double)a[12]! > 0);
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
                   count(*) FILTER (WHERE revenue > 0 AND cum - share < 0.8), count(*) FILTER (WHERE previous >= 10 AND recent < previous * 0.7),
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
    public async Task Rank_SameLakeAndDate_ByteIdenticalTables()
    {
        var first = File.ReadAllBytes(_dir[$"lake/{LakePaths.SnapshotFile(TableNames.Rankings)}"]);
        var portfolio = File.ReadAllBytes(_dir[$"lake/{LakePaths.SnapshotFile(TableNames.PortfolioRisk)}"]);

        await new RankJob(new AnalyticsOptions(), new LakeOptions { Root = _dir["lake"] }).RunAsync(_asOf, CancellationToken.None);

        Assert.Equal(first, File.ReadAllBytes(_dir[$"lake/{LakePaths.SnapshotFile(TableNames.Rankings)}"]));
        Assert.Equal(portfolio, File.ReadAllBytes(_dir[$"lake/{LakePaths.SnapshotFile(TableNames.PortfolioRisk)}"]));
    }

    /// <summary>Views recomputing the method in SQL from touchpoints, signatures and accounts only.</summary>
    private DuckLake Oracle()
    {
        var duck = new DuckLake(_dir["lake"]);
        duck.Execute(RankingSql.Views(duck.Table, _asOf));
        return duck;
    }

    private static void Close(object? expected, object? actual, string what)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{what}: expected {expected ?? "null"}, got {actual ?? "null"}");
            return;
        }

        var (e, a) = (Convert.ToDouble(expected, CultureInfo.InvariantCulture), Convert.ToDouble(actual, CultureInfo.InvariantCulture));
        Assert.True(Math.Abs(e - a) <= 1e-9 * Math.Max(1, Math.Abs(e)), $"{what}: expected {e:R}, got {a:R}");
    }
}
