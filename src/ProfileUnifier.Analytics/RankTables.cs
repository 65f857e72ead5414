using ProfileUnifier.Analytics.Alerts;
using ProfileUnifier.Analytics.Campaigns;
using ProfileUnifier.Analytics.Lake;
using ProfileUnifier.Lake;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Analytics;

/// <summary>
/// The one place <c>rank</c> writes the lake: rankings, portfolio_risk, alerts and campaign_reactions replace their
/// tables in one transaction, so a reader (and the next run's alert book) sees all four of one run or none.
/// </summary>
public static class RankTables
{
    public static async Task CommitAsync(LakeOptions options, RankOutcome outcome, CancellationToken ct)
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

        var store = await LakeStore.OpenAsync(options, ct);
        var txn = store.Begin();
        try
        {
            await txn.StageManyAsync(
            [
                (TableNames.Rankings, LakePaths.SnapshotFile(TableNames.Rankings), rankings.All),
                (TableNames.PortfolioRisk, LakePaths.SnapshotFile(TableNames.PortfolioRisk), portfolio.All),
                (TableNames.Alerts, LakePaths.SnapshotFile(TableNames.Alerts), alerts.All),
                (TableNames.CampaignReactions, LakePaths.SnapshotFile(TableNames.CampaignReactions), reactions.All),
            ], ct);
            await txn.CommitAsync(ct);
        }
        catch
        {
            txn.Abort();
            throw;
        }
    }
}
