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

    [Fact]
    public async Task Demo_NonEmptyFolderTheDemoDidNotMake_Exit2AndTheFolderKept()
    {
        using var dir = new TempFolder();
        Directory.CreateDirectory(dir["precious"]);
        await File.WriteAllTextAsync(dir["precious/notes.txt"], "notes");

        var result = await Cli.RunAsync("demo", "--events", "3000", "--accounts", "10", "--lake", dir["precious"], "--data", dir["data"]);

        Assert.Equal(2, result.Exit);
        Assert.Contains("is not empty and is not a lake the demo made", result.Error, StringComparison.Ordinal);
        Assert.Equal("notes", await File.ReadAllTextAsync(dir["precious/notes.txt"]));
        Assert.False(Directory.Exists(dir["data"]));
    }

    [Theory]
    [InlineData("--accounts", "0")]
    [InlineData("--events", "-5")]
    public async Task Demo_BadArgument_Exit2BeforeTouchingTheDisk(string option, string value)
    {
        using var dir = new TempFolder();
        Directory.CreateDirectory(dir["lake"]);
        await File.WriteAllTextAsync(dir["lake/" + DemoLakeMarker], "");
        await File.WriteAllTextAsync(dir["lake/keep.txt"], "still here");

        var result = await Cli.RunAsync("demo", option, value, "--lake", dir["lake"], "--data", dir["data"]);

        Assert.Equal(2, result.Exit);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.True(File.Exists(dir["lake/keep.txt"]));
        Assert.False(Directory.Exists(dir["data"]));
    }

    private const string DemoLakeMarker = ".profileunifier-demo";
}
