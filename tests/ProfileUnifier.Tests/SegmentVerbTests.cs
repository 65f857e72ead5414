using ProfileUnifier.Testing;

namespace ProfileUnifier.Tests;

[Collection(RankedLakeCollection.Name)]
public sealed class SegmentVerbTests(RankedLake lake)
{
    [Fact]
    public async Task Segment_NoName_ListsSavedSegmentsWithSizes()
    {
        var result = await Cli.RunAsync("segment", "--lake", lake.Root);

        Assert.True(result.Exit == 0, result.Error);
        Assert.Contains("late-payers", result.Out, StringComparison.Ordinal);
        Assert.Contains("develop-prospects", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Segment_ExportParquet_MembersMatchTheRankingEngine()
    {
        var path = lake[$"exports/{Guid.NewGuid():N}/late.parquet"];

        var result = await Cli.RunAsync("segment", "late-payers", "--lake", lake.Root, "--out", path);

        Assert.True(result.Exit == 0, result.Error);
        var expected = lake.Ranking.Accounts.Count(a => a.Has(ProfileUnifier.Analytics.Ranking.RiskFlag.PaymentDelay) || a.Has(ProfileUnifier.Analytics.Ranking.RiskFlag.Overdue));
        using var duck = new DuckLake(lake.Root);
        Assert.Equal(expected, duck.Scalar<long>($"SELECT count(*) FROM read_parquet('{path}')"));
        Assert.Contains($"{expected:N0} members written to {path} (parquet)", result.Out.ReplaceLineEndings(""), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Segment_Csv_StreamsEveryColumn()
    {
        var result = await Cli.RunAsync("segment", "key-decision-makers", "--lake", lake.Root, "--format", "csv");

        Assert.True(result.Exit == 0, result.Error);
        var header = result.Out.Split("\r\n")[0].Split(',');
        Assert.Contains("profile_id", header);
        Assert.Contains("account_name", header);
        Assert.Contains("abc_class", header);
    }

    [Fact]
    public async Task Segment_Unknown_Exit5ListingSaved()
    {
        var result = await Cli.RunAsync("segment", "vip", "--lake", lake.Root);

        Assert.Equal(5, result.Exit);
        Assert.Contains("no segment named 'vip' in the settings; saved segments: declining-key-accounts", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Segment_BadDefinitionInConfig_RejectedAtStart()
    {
        var config = lake[$"segments-{Guid.NewGuid():N}.json"];
        File.WriteAllText(config, """{ "Segments": { "vip": { "Of": "customers", "Where": "" } } }""");

        var result = await Cli.RunAsync("segment", "vip", "--lake", lake.Root, "--config", config);

        Assert.Equal(2, result.Exit);
        Assert.Contains("Segments:vip:Of is 'customers'; expected accounts or people", result.Error, StringComparison.Ordinal);
        Assert.Contains("Segments:vip:Where is empty", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Segment_ConditionOnAMissingColumn_Exit2NamingIt()
    {
        var config = lake[$"segments-{Guid.NewGuid():N}.json"];
        File.WriteAllText(config, """{ "Segments": { "tall": { "Of": "people", "Where": "height_cm > 190" } } }""");

        var result = await Cli.RunAsync("segment", "tall", "--lake", lake.Root, "--config", config);

        Assert.Equal(2, result.Exit);
        Assert.Contains("height_cm", result.Error, StringComparison.Ordinal);
    }
}
