using ProfileUnifier.Testing;

namespace ProfileUnifier.Tests;

public sealed class SettingsErrorTests
{
    [Theory]
    [InlineData("""{ "Lake": { "RowGroupSize": "s3cr3t-value" } }""", "Lake:RowGroupSize is not a whole number")]
    [InlineData("""{ "Worker": { "LeaseTime": "s3cr3t-value" } }""", "Worker:LeaseTime is not a duration")]
    [InlineData("""{ "Lake": { "Compression": "s3cr3t-value" } }""", "Lake:Compression is not a valid LakeCompression")]
    [InlineData("""{ "Privacy": { "Key": "s3cr3t-value" } }""", "Privacy:Key has fewer than 32 bytes")]
    [InlineData("""{ "Privacy": { "Pseudonymise": true } }""", "Privacy:Pseudonymise needs a key")]
    [InlineData("""{ "Lake": { "FileMode": "s3cr3t-value" } }""", "Lake:FileMode is three octal digits")]
    public async Task Verb_SettingThatDoesNotConvert_OneSentenceWithoutTheValueExit2(string settings, string expected)
    {
        using var dir = new TempFolder();
        await File.WriteAllTextAsync(dir["bad.json"], settings);

        var result = await Cli.RunAsync("run", "--config", dir["bad.json"], "--bootstrap-servers", "127.0.0.1:1", "--lake", dir["lake"]);

        Assert.Equal(2, result.Exit);
        var line = Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", line, StringComparison.Ordinal);
    }
}
