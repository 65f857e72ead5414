using ProfileUnifier.Testing;

namespace ProfileUnifier.Tests;

/// <summary>`serve` refusing to start: the API itself is tested through WebApplicationFactory in ProfileUnifier.Server.Tests.</summary>
public sealed class ServeVerbTests
{
    [Fact]
    public async Task Serve_BeyondLoopbackWithoutKeys_Exit2BeforeListening()
    {
        using var dir = new TempFolder();
        Directory.CreateDirectory(dir["lake/_log"]);

        var result = await Cli.RunAsync("serve", "--lake", dir["lake"], "--urls", "http://0.0.0.0:5099");

        Assert.Equal(2, result.Exit);
        Assert.Contains("Server:Urls listens beyond this machine: configure Server:ApiKeys first", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_NoLake_Exit2WithTheFolder()
    {
        using var dir = new TempFolder();

        var result = await Cli.RunAsync("serve", "--lake", dir["missing"], "--urls", "http://127.0.0.1:0");

        Assert.Equal(2, result.Exit);
        Assert.Contains($"no lake at {dir["missing"]}", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
    }
}
