using ProfileUnifier.Testing;

namespace ProfileUnifier.Tests;

public sealed class DemoVerbTests
{
    [Fact]
    public async Task Demo_SmallDataSet_ReconcilesRanksAndWritesTheReport()
    {
        using var dir = new TempFolder();

        var result = await Cli.RunAsync("demo", "--events", "15000", "--accounts", "30",
            "--lake", dir["lake"], "--data", dir["data"], "--report", dir["report.html"]);

        Assert.True(result.Exit == 0, result.Out + result.Error);
        var generated = File.ReadLines(dir["data/events.ndjson"]).Count();
        using var duck = new DuckLake(dir["lake"]);
        // The reconciliation, read back independently: every produced line is accepted once, rejected, or a redelivery.
        var accepted = duck.Count("touchpoints");
        var rejected = duck.Count("rejected");
        var distinct = duck.Scalar<long>($"SELECT count(DISTINCT event_id) FROM {duck.Table("touchpoints")}");
        Assert.Equal(accepted, distinct);
        Assert.True(accepted + rejected <= generated && accepted > 0.9 * generated, $"{accepted} + {rejected} of {generated}");
        Assert.Equal(duck.Count("accounts"), duck.Count("rankings"));
        Assert.True(new FileInfo(dir["report.html"]).Length > 50_000);
        Assert.Contains("yes: produced = accepted + rejected", result.Out.ReplaceLineEndings(" "), StringComparison.Ordinal);
    }
}
