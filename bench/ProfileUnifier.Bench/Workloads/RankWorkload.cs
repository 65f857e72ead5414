using ProfileUnifier.Analytics;
using ProfileUnifier.Analytics.Options;
using ProfileUnifier.Bench.Report;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Bench.Workloads;

/// <summary>
/// Row 7: `rank` (read the lake, compute rankings and portfolio risk, alerts and campaign reactions, write the four
/// tables) against the same figures of rankings and portfolio_risk in DuckDB SQL over the same lake (the oracle of the
/// rank tests, materialised).
/// </summary>
public static class RankWorkload
{
    public static async Task<ResultRow> RunAsync(BenchContext ctx)
    {
        var folder = ctx.Scratch("rank");
        var input = Path.Combine(folder, "orders.ndjson");
        var lines = OrdersDataSet.Write(input, ctx.Size.RankAccounts, ctx.Size.RankOrders);
        var lake = Path.Combine(folder, "lake");
        ctx.Log.WriteLine($"  rank: ingesting {lines:N0} lines of orders");
        await LakeBuilder.IngestAsync(lake, [input]);
        var asOf = new DateOnly(2026, 11, 1);
        var job = new RankJob(new AnalyticsOptions(), LakeBuilder.Context(lake));
        double ourRevenue = 0;
        var ours = await Measurement.TimeAsync(ctx.Size.Repeats, async () => ourRevenue = (await job.RunAsync(asOf, CancellationToken.None)).Ranking.Portfolio.TotalRevenue);

        using var duck = new DuckLake(lake);
        var accounts = duck.Count(TableNames.Accounts);
        double sqlRevenue = 0;
        var peer = await Measurement.TimeAsync(ctx.Size.Repeats, () =>
        {
            duck.Execute(RankingSql.Views(duck.Table, asOf));
            duck.Execute("CREATE OR REPLACE TABLE rankings_now AS SELECT * FROM ranking_rows");
            duck.Execute("CREATE OR REPLACE TABLE portfolio_now AS " + RankingSql.Portfolio("rankings_now"));
            sqlRevenue = duck.Scalar<double>("SELECT total_revenue FROM portfolio_now");
            duck.Execute("DROP TABLE portfolio_now; DROP TABLE rankings_now; " + RankingSql.Drop());
            return Task.CompletedTask;
        });
        if (Math.Abs(ourRevenue - sqlRevenue) > 1e-6 * Math.Max(1, sqlRevenue))
        {
            throw new InvalidOperationException($"rank and SQL disagree on revenue: {ourRevenue} vs {sqlRevenue}");
        }

        Directory.Delete(folder, recursive: true);
        var (rank, sql) = (Figure.Rate(accounts, ours), Figure.Rate(accounts, peer));
        return new ResultRow("7", "`rank` (read lake → rankings, portfolio_risk, alerts, campaign_reactions)", $"{ctx.Size.RankOrders:N0} orders, {accounts:N0} accounts, {lines:N0} events",
            "accounts/s", rank, "the same figures in DuckDB SQL", sql, "≥ 1× the SQL", rank.Median >= sql.Median,
            $"both agree on total revenue ({ourRevenue:N0}); the SQL computes every figure of rankings and portfolio_risk (scores, KAISM, trends with their Welch tests, risk flags, stress test) and materialises them; rank also moves the alerts forward, measures campaign reactions and writes four tables");
    }
}
