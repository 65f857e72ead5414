using ProfileUnifier.Analytics.Lake;
using ProfileUnifier.Analytics.Options;
using ProfileUnifier.Analytics.Ranking;
using ProfileUnifier.Lake;
using ProfileUnifier.Lake.Commit;
using ProfileUnifier.Lake.Groups;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Analytics;

/// <summary>
/// <c>rank</c>: reads one version of the lake, computes rankings and portfolio risk as of a date (default: the day
/// of the latest event, so the same lake gives the same result), and replaces both tables in one group commit.
/// It writes only its own tables, so it commits while a worker writes batches; two ranks racing both land, one
/// after the other.
/// </summary>
public sealed class RankJob(AnalyticsOptions options, LakeContext lake)
{
    public async Task<RankingResult> RunAsync(DateOnly? asOf, CancellationToken ct)
    {
        var (accounts, lastEvent) = await RankingFactsReader.ReadAsync(lake.Root, ct);
        var date = asOf ?? lastEvent ?? throw new InvalidOperationException($"the lake at {lake.Root} has no events to rank");
        var result = new RankingEngine(options).Compute(accounts, date);

        var rankings = new RankingsRows(result.Criteria);
        rankings.AddRange(result.Accounts, date);
        var portfolio = new PortfolioRiskRows();
        portfolio.Add(result.Portfolio);
        var commit = new GroupCommit
        {
            Operation = "WRITE",
            Leader = new TableChange { Schema = rankings, Files = [FileSlice.Unpartitioned(rankings.All)], Replace = true },
            Members = { [TableNames.PortfolioRisk] = new TableChange { Schema = portfolio, Files = [FileSlice.Unpartitioned(portfolio.All)], Replace = true } },
        };
        for (var attempt = 1; ; attempt++)
        {
            var writer = await GroupWriter.OpenAsync(TableGroup.Rank, lake.Root, lake.Fs, lake.Options, lake.Clock, WriterIdentity.New(), ct);
            try
            {
                await writer.CommitAsync(commit, ct);
                return result;
            }
            catch (LakeConflictException) when (attempt < 5)
            {
                // Another rank committed first: replace its tables with this one's (the result of a newer read, or as valid).
            }
        }
    }
}
