using ProfileUnifier.Analytics.Lake;
using ProfileUnifier.Analytics.Options;
using ProfileUnifier.Analytics.Ranking;
using ProfileUnifier.Lake;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Analytics;

/// <summary>
/// <c>rank</c>: reads the lake, computes rankings and portfolio risk as of a date (default: the day of the
/// latest event, so the same lake gives the same result), and replaces both tables in one lake transaction.
/// </summary>
public sealed class RankJob(AnalyticsOptions options, LakeOptions lake)
{
    public async Task<RankingResult> RunAsync(DateOnly? asOf, CancellationToken ct)
    {
        var root = Path.GetFullPath(lake.Root);
        var (accounts, lastEvent) = await RankingFactsReader.ReadAsync(root, ct);
        var date = asOf ?? lastEvent ?? throw new InvalidOperationException($"the lake at {root} has no events to rank");
        var result = new RankingEngine(options).Compute(accounts, date);

        var store = await LakeStore.OpenAsync(lake, ct);
        var txn = store.Begin();
        try
        {
            var rankings = new RankingsRows(result.Criteria);
            rankings.AddRange(result.Accounts, date);
            var portfolio = new PortfolioRiskRows();
            portfolio.Add(result.Portfolio);
            await txn.StageAsync(TableNames.Rankings, LakePaths.SnapshotFile(TableNames.Rankings), rankings, ct);
            await txn.StageAsync(TableNames.PortfolioRisk, LakePaths.SnapshotFile(TableNames.PortfolioRisk), portfolio, ct);
            await txn.CommitAsync(ct);
        }
        catch
        {
            txn.Abort();
            throw;
        }

        return result;
    }
}
