using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Synthetic;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Analytics.Tests;

/// <summary>The decline rule on generated portfolios, end to end: ingest, rank, read back with DuckDB.</summary>
public sealed class GeneratedPortfolioTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Rank_SteadyPortfolio_AtMostTwoPercentDeclining()
    {
        var options = new GeneratorOptions { Accounts = 150, Events = 60_000, Days = 240, DecliningRate = 0, Seed = 11 };
        Datasets.Write(_dir["data"], options);
        await LakeBuilder.IngestAsync(_dir["lake"], [_dir["data/events.ndjson"]]);

        var result = await LakeBuilder.RankAsync(_dir["lake"]);

        using var duck = new DuckLake(_dir["lake"]);
        var accounts = duck.Count(TableNames.Rankings, "touchpoints_recent + touchpoints_previous > 0");
        Assert.True(accounts > 100);
        Assert.InRange(duck.Count(TableNames.Rankings, "declining"), 0, 0.02 * accounts);
        Assert.InRange(result.Portfolio.DeclineFalseAlarmRate, 1e-6, 0.01);
    }

    [Fact]
    public async Task Rank_GeneratedCollapse_FlaggedAndAlerted()
    {
        var options = new GeneratorOptions { Accounts = 80, Events = 50_000, Days = 240, DecliningRate = 0, CollapsingRate = 0.1, Seed = 12 };
        var generated = Datasets.Write(_dir["data"], options);
        await LakeBuilder.IngestAsync(_dir["lake"], [_dir["data/events.ndjson"]]);

        var outcome = await LakeBuilder.RankOutcomeAsync(_dir["lake"]);

        using var duck = new DuckLake(_dir["lake"]);
        var names = string.Join(", ", generated.CollapsedAccounts.Select(n => $"'{n.Replace("'", "''", StringComparison.Ordinal)}'"));
        // Accounts active enough for a drop to show: at least 60 touchpoints in the baseline, 10 expected in the last 30 days.
        var collapsed = duck.Rows($"SELECT name, declining, abc_class FROM {duck.Table(TableNames.Rankings)} WHERE name IN ({names}) AND touchpoints_previous >= 60");
        Assert.True(collapsed.Count >= 3, $"only {collapsed.Count} active collapsed accounts");
        Assert.All(collapsed, r => Assert.True((bool)r[1]!, $"{r[0]} collapsed and was not flagged"));
        var alerted = outcome.Alerts.Table.Where(a => a.Kind == Alerts.AlertKind.ActivityDecline).Select(a => a.AccountId).ToHashSet();
        Assert.Equal(outcome.Ranking.Accounts.Count(a => a.Declining && a.AbcClass <= Ranking.AbcClass.B), alerted.Count);
    }
}
