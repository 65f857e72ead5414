using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Synthetic;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Tests;

public sealed class RankVerbTests
{
    [Fact]
    public async Task Rank_IngestedLake_WritesBothTablesAndSummarises()
    {
        using var dir = new TempFolder();
        Datasets.Write(dir["data"], new GeneratorOptions { Accounts = 25, Events = 4_000, Days = 60 });
        await LakeBuilder.IngestAsync(dir["lake"], [dir["data/events.ndjson"]]);

        var result = await Cli.RunAsync("rank", "--lake", dir["lake"], "--as-of", "2026-11-20");

        Assert.True(result.Exit == 0, result.Error);
        Assert.Contains("portfolio as of 2026-11-20 (365 days, amounts in RUB)", result.Out, StringComparison.Ordinal);
        Assert.Contains("revenue, RUB", result.Out, StringComparison.Ordinal);
        Assert.Contains("if a top account leaves", result.Out, StringComparison.Ordinal);
        Assert.Contains("HHI", result.Out, StringComparison.Ordinal);
        using var duck = new DuckLake(dir["lake"]);
        Assert.Equal(duck.Count(TableNames.Accounts), duck.Count(TableNames.Rankings));
        Assert.Equal(1, duck.Count(TableNames.PortfolioRisk));
    }

    [Fact]
    public async Task Rank_BadConfiguration_RejectedAtStartWithEveryReason()
    {
        using var dir = new TempFolder();
        File.WriteAllText(dir["bad.json"], """
            { "Analytics": {
                "KeyShare": 0.3,
                "Scoring": { "Criteria": [
                  { "Name": "vibes", "Weight": 0.5, "Source": "computed" },
                  { "Name": "reputation", "Weight": 0.2, "Source": "judged" } ] } } }
            """);

        var result = await Cli.RunAsync("rank", "--config", dir["bad.json"], "--lake", dir["lake"]);

        Assert.Equal(2, result.Exit);
        Assert.Contains("unknown computed criterion 'vibes'", result.Error, StringComparison.Ordinal);
        Assert.Contains("weights sum to 0.7", result.Error, StringComparison.Ordinal);
        Assert.Contains("share thresholds out of order", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rank_AsOfOutsideTheData_Exit2WithTheRange()
    {
        using var dir = new TempFolder();
        Datasets.Write(dir["data"], new GeneratorOptions { Accounts = 10, Events = 1_000, Days = 60 });
        await LakeBuilder.IngestAsync(dir["lake"], [dir["data/events.ndjson"]]);

        var result = await Cli.RunAsync("rank", "--lake", dir["lake"], "--as-of", "2030-01-01");

        Assert.Equal(2, result.Exit);
        Assert.Contains("error: --as-of 2030-01-01 is outside the lake's events (", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir[$"lake/{TableNames.Rankings}"]));
    }

    [Fact]
    public async Task Rank_EmptyLake_Exit5WithASentence()
    {
        using var dir = new TempFolder();
        Directory.CreateDirectory(dir["lake"]);

        var result = await Cli.RunAsync("rank", "--lake", dir["lake"]);

        Assert.Equal(5, result.Exit);
        Assert.Contains("is empty: nothing has been ingested yet, so there is nothing to rank", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rank_NoLake_ClearError()
    {
        using var dir = new TempFolder();

        var result = await Cli.RunAsync("rank", "--lake", dir["missing"]);

        Assert.Equal(2, result.Exit);
        Assert.Contains("no lake at", result.Error, StringComparison.Ordinal);
    }
}
