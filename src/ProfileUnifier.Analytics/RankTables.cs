using ProfileUnifier.Analytics.Alerts;
using ProfileUnifier.Analytics.Campaigns;
using ProfileUnifier.Analytics.Lake;
using ProfileUnifier.Lake;
using ProfileUnifier.Lake.Commit;
using ProfileUnifier.Lake.Groups;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Analytics;

/// <summary>
/// The one place <c>rank</c> writes the lake: rankings, portfolio_risk, alerts and campaign_reactions replace their
/// tables in one group commit (rankings lead), so a reader (and the next run's alert book) sees all four of one run or
/// none. The <c>basedOn</c> argument is the rank the run read: if another committed since, the run is stale
/// (<see cref="LakeConflictException"/>).
/// </summary>
public static class RankTables
{
    /// <summary>An empty buffer of a rank table that names people (alerts: <c>profile_id</c>), for <c>forget</c> to rewrite it; null for the others.</summary>
    public static TableBuffer? BufferFor(string table) => table == TableNames.Alerts ? new AlertsRows() : null;

    public static async Task CommitAsync(LakeContext lake, RankOutcome outcome, long basedOn, CancellationToken ct)
    {
        var (result, asOf, currency) = (outcome.Ranking, outcome.Ranking.Portfolio.AsOf, outcome.Ranking.Portfolio.Currency);
        var rankings = new RankingsRows(result.Criteria);
        rankings.AddRange(result.Accounts, asOf, currency);
        var portfolio = new PortfolioRiskRows();
        portfolio.Add(result.Portfolio);
        var alerts = new AlertsRows();
        alerts.AddRange(outcome.Alerts.Table);
        var reactions = new CampaignReactionsRows();
        reactions.AddRange(outcome.Reactions, asOf, currency);

        var writer = await GroupWriter.OpenAsync(TableGroup.Rank, lake.Root, lake.Fs, lake.Options, lake.Clock, WriterIdentity.New(), ct);
        if (writer.LastNumber != basedOn)
        {
            throw new LakeConflictException(TableNames.Rankings, writer.Leader.Snapshot.Version,
                $"rank {writer.LastNumber} committed since this run read rank {basedOn}");
        }

        static TableChange Replace(TableBuffer rows) => new() { Schema = rows, Files = [FileSlice.Unpartitioned(rows.All)], Replace = true };
        await writer.CommitAsync(new GroupCommit
        {
            Operation = "WRITE",
            Leader = Replace(rankings),
            Members =
            {
                [TableNames.PortfolioRisk] = Replace(portfolio),
                [TableNames.Alerts] = Replace(alerts),
                [TableNames.CampaignReactions] = Replace(reactions),
            },
        }, ct);
    }
}
