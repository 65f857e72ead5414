using ProfileUnifier.Testing;

namespace ProfileUnifier.Tests;

public sealed class GenerateVerbTests
{
    [Fact]
    public async Task Generate_SameSeed_ByteIdenticalFiles()
    {
        using var dir = new TempFolder();

        var first = await Cli.RunAsync("generate", "--out", dir["a"], "--accounts", "20", "--events", "3000", "--seed", "5");
        var second = await Cli.RunAsync("generate", "--out", dir["b"], "--accounts", "20", "--events", "3000", "--seed", "5");
        var other = await Cli.RunAsync("generate", "--out", dir["c"], "--accounts", "20", "--events", "3000", "--seed", "6");

        Assert.Equal((0, 0, 0), (first.Exit, second.Exit, other.Exit));
        Assert.Equal(File.ReadAllBytes(dir["a/events.ndjson"]), File.ReadAllBytes(dir["b/events.ndjson"]));
        Assert.Equal(File.ReadAllBytes(dir["a/truth.csv"]), File.ReadAllBytes(dir["b/truth.csv"]));
        Assert.NotEqual(File.ReadAllBytes(dir["a/events.ndjson"]), File.ReadAllBytes(dir["c/events.ndjson"]));
        Assert.Contains("redeliveries", first.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_MoreEventsThanAskedFor_NeverBelowAccounts()
    {
        using var dir = new TempFolder();

        var result = await Cli.RunAsync("generate", "--out", dir.Path, "--accounts", "50", "--events", "10");

        Assert.Equal(2, result.Exit);
        Assert.Contains("at least as many events as accounts", result.Error, StringComparison.Ordinal);
    }
}
