using ProfileUnifier.Testing;

namespace ProfileUnifier.Tests;

/// <summary>
/// The verbs on a pseudonymised lake (Privacy:Pseudonymise): <c>profile</c> and <c>explain</c> take clear identifiers and find
/// the person (hashed at lookup; explain reads the events back through the restricted table), while the lake's tables hold tokens.
/// </summary>
public sealed partial class PseudonymisedVerbTests
{
    [Fact]
    public async Task ExplainAndProfile_PseudonymisedLake_ClearIdentifierFoundAsInAClearLake()
    {
        using var dir = new TempFolder();
        await File.WriteAllTextAsync(dir["settings.json"], $$"""{ "Privacy": { "Key": "{{LakeBuilder.Key().Key}}", "Pseudonymise": true } }""");
        var fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "explain-events.ndjson");
        var ingest = await Cli.RunAsync("ingest", "--config", dir["settings.json"], "--input", fixture, "--lake", dir["lake"]);
        Assert.True(ingest.Exit == 0, ingest.Out + ingest.Error);

        Assert.True((await Cli.RunAsync("ingest", "--input", fixture, "--lake", dir["clear"])).Exit == 0);

        var explain = await Cli.RunAsync("explain", "--config", dir["settings.json"], "--lake", dir["lake"], "anna@romashka.ru", "email:anna@vasilek.ru");
        var clear = await Cli.RunAsync("explain", "--lake", dir["clear"], "anna@romashka.ru", "email:anna@vasilek.ru");
        var profile = await Cli.RunAsync("profile", "--config", dir["settings.json"], "--lake", dir["lake"], "--email", "Anna@Romashka.ru", "--format", "json");
        var stored = await Cli.RunAsync("query", "--lake", dir["lake"], "SELECT count(*) AS n FROM touchpoints WHERE email LIKE '%@%'", "--format", "csv");
        var unkeyed = await Cli.RunAsync("profile", "--lake", dir["lake"], "--email", "anna@romashka.ru");

        Assert.True(explain.Exit == 0, explain.Error);
        // The same explanation as in a clear lake, but for the profile ids: keyed in a pseudonymised lake.
        Golden.Match("explain-job-change.txt", clear.Out);
        Assert.Equal(ProfileIds().Replace(clear.Out, "p_…"), ProfileIds().Replace(explain.Out, "p_…"));
        Assert.NotEmpty(ProfileIds().Matches(explain.Out));
        Assert.All(ProfileIds().Matches(explain.Out), id => Assert.DoesNotContain(id.Value, clear.Out, StringComparison.Ordinal));
        Assert.True(profile.Exit == 0, profile.Error);
        Assert.Contains("\"profile_id\"", profile.Out, StringComparison.Ordinal);
        // What was asked for is echoed (matched_by); the profile itself shows tokens.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(profile.Out, "anna@romashka.ru", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        Assert.True(stored.Exit == 0, stored.Error);
        Assert.Equal("n\n0", stored.Out.Trim().ReplaceLineEndings("\n"));
        Assert.Equal(2, unkeyed.Exit);
        Assert.Contains("PROFILEUNIFIER_Privacy__Key", unkeyed.Error, StringComparison.Ordinal);
    }

    [System.Text.RegularExpressions.GeneratedRegex("p_[0-9a-f]{20}")]
    private static partial System.Text.RegularExpressions.Regex ProfileIds();
}
