using ProfileUnifier.Synthetic;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Tests;

/// <summary>
/// Identity resolution against the generator's truth (every trap of the data set included): the bars of
/// the foundation issue, measured the way `profileunifier evaluate` measures them.
/// </summary>
public sealed class ResolutionQualityTests
{
    [Fact]
    public async Task Evaluate_GeneratedData_MeetsPrecisionRecallAndAccountBars()
    {
        using var dir = new TempFolder();
        Datasets.Write(dir["data"], new GeneratorOptions { Accounts = 250, Events = 80_000, Seed = 42, Days = 120 });
        Assert.Equal(0, (await Cli.RunAsync("ingest", "--input", dir["data/events.ndjson"], "--lake", dir["lake"])).Exit);

        var result = await Cli.RunAsync("evaluate", "--lake", dir["lake"], "--truth", dir["data/truth.csv"],
            "--min-precision", "0.99", "--min-recall", "0.97", "--min-account", "0.97");

        Assert.True(result.Exit == 0, result.Out + result.Error);
        Assert.Matches(@"pairwise precision \(people\)\s+│\s+(99\.\d\d|100\.00) %", result.Out);
    }

    [Fact]
    public async Task Evaluate_NoLake_ClearError()
    {
        using var dir = new TempFolder();
        File.WriteAllText(dir["truth.csv"], TruthFile.Header + "\n");

        var result = await Cli.RunAsync("evaluate", "--lake", dir["nothing"], "--truth", dir["truth.csv"]);

        Assert.Equal(2, result.Exit);
        Assert.Contains("no lake at", result.Error, StringComparison.Ordinal);
    }
}
