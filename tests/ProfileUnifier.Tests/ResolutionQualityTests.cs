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
        // Job changers, reception lines never seen with a person, free-mail-only people and companies with two
        // domains are in every generated data set (GeneratorOptions.JobChangeRate, SyntheticWorld).
        // The demo's size: 300 companies, 200,000 lines over 18 months.
        Datasets.Write(dir["data"], new GeneratorOptions { Accounts = 300, Events = 200_000, Seed = 42 });
        Assert.Equal(0, (await Cli.RunAsync("ingest", "--input", dir["data/events.ndjson"], "--lake", dir["lake"])).Exit);

        var result = await Cli.RunAsync("evaluate", "--lake", dir["lake"], "--truth", dir["data/truth.csv"],
            "--min-precision", "0.999", "--min-recall", "0.99", "--min-account", "0.995", "--max-fragmentation", "0.01", "--max-mixing", "0");

        Assert.True(result.Exit == 0, result.Out + result.Error);
        Assert.Matches(@"pairwise precision \(people\)\s+│\s+(99\.9\d|100\.00) %", result.Out);
        Assert.Matches(@"accounts mixing two companies\s+│\s+0 │", result.Out);
        // About one account per company: no phone-only or mailbox-only pseudo-accounts, no company split.
        var counts = System.Text.RegularExpressions.Regex.Match(result.Out, @"accounts / true companies\s+│\s+([\d,]+) / ([\d,]+) │");
        Assert.True(counts.Success, result.Out);
        var (accounts, companies) = (int.Parse(counts.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(counts.Groups[2].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(companies, 295, 300);
        Assert.InRange(accounts, companies, companies + 3);
        using var duck = new DuckLake(dir["lake"]);
        Assert.True(duck.Count("job_changes") > 0, "the generated job changers show in job_changes");
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
