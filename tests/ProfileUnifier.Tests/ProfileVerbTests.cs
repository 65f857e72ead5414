using System.Text.Json;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Tests;

[Collection(RankedLakeCollection.Name)]
public sealed class ProfileVerbTests(RankedLake lake)
{
    [Fact]
    public async Task Profile_ByEmail_PersonAccountAndTimelineBySource()
    {
        using var duck = new DuckLake(lake.Root);
        var row = duck.Rows($"SELECT emails[1], first_name, last_name, events FROM {duck.Table("profiles")} WHERE len(emails) > 0 AND account_id IS NOT NULL ORDER BY events DESC LIMIT 1")[0];

        var result = await Cli.RunAsync("profile", "--lake", lake.Root, "--email", ((string)row[0]!).ToUpperInvariant());

        Assert.True(result.Exit == 0, result.Error);
        Assert.Contains($"found by email {row[0]}", result.Out, StringComparison.Ordinal);
        Assert.Contains($"{row[1]} {row[2]}", result.Out, StringComparison.Ordinal);
        Assert.Contains("── account ", result.Out, StringComparison.Ordinal);
        Assert.Contains("timeline by source", result.Out, StringComparison.Ordinal);
        Assert.Matches(@"(web|email|crm|call|app|social): \d+ touchpoints, \d{4}-\d\d-\d\d … \d{4}-\d\d-\d\d", result.Out);
    }

    [Fact]
    public async Task Profile_AccountAsJson_PeopleDecisionMakersFirstAndTimelineTotals()
    {
        using var duck = new DuckLake(lake.Root);
        var inn = duck.Scalar<string>($"SELECT inn FROM {duck.Table("accounts")} WHERE inn IS NOT NULL AND contacts > 2 ORDER BY revenue DESC LIMIT 1");

        var result = await Cli.RunAsync("profile", "--lake", lake.Root, "--account", inn, "--format", "json", "--latest", "2");

        Assert.True(result.Exit == 0, result.Error);
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        Assert.Equal("account", root.GetProperty("kind").GetString());
        Assert.Equal(inn, root.GetProperty("account").GetProperty("inn").GetString());
        Assert.Equal("decision_maker", root.GetProperty("people")[0].GetProperty("role").GetString());
        var accountId = root.GetProperty("account").GetProperty("account_id").GetString();
        var timeline = root.GetProperty("timeline").EnumerateArray().ToList();
        // An event whose account is its person's takes the employer of its time (employments).
        Assert.Equal(duck.Scalar<long>($"""
            SELECT count(*) FROM {duck.Table("touchpoints")} t JOIN {duck.Table("signatures")} s USING (signature_id)
            LEFT JOIN {duck.Table("employments")} m ON s.account_basis = 'person' AND m.profile_id = s.profile_id
                 AND (m.valid_from IS NULL OR t.occurred_at >= m.valid_from) AND (m.valid_to IS NULL OR t.occurred_at < m.valid_to)
            WHERE coalesce(m.account_id, s.account_id) = '{accountId}'
            """),
            timeline.Sum(t => t.GetProperty("events").GetInt64()));
        Assert.All(timeline, t => Assert.InRange(t.GetProperty("latest").GetArrayLength(), 1, 2));
    }

    [Fact]
    public async Task Profile_UnknownPhone_Exit5WithTheNormalisedNumber()
    {
        var result = await Cli.RunAsync("profile", "--lake", lake.Root, "--phone", "8 (900) 000-00-01");

        Assert.Equal(5, result.Exit);
        Assert.Contains("not found: no profile or account has phone +79000000001", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_MalformedEmail_Exit2()
    {
        var result = await Cli.RunAsync("profile", "--lake", lake.Root, "--email", "ivan at example");

        Assert.Equal(2, result.Exit);
        Assert.Contains("--email \"ivan at example\"", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_TwoIdentifiers_UsageError()
    {
        var result = await Cli.RunAsync("profile", "--lake", lake.Root, "--email", "a@b.ru", "--phone", "+79161234567");

        Assert.Equal(1, result.Exit);
        Assert.Contains("give exactly one of --email, --phone", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_EmptyLake_Exit5()
    {
        var result = await Cli.RunAsync("profile", "--lake", lake.EmptyRoot, "--email", "a@b.ru");

        Assert.Equal(5, result.Exit);
        Assert.Contains("is empty: nothing has been ingested yet", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_MissingLake_Exit2()
    {
        var result = await Cli.RunAsync("profile", "--lake", lake["nowhere"], "--email", "a@b.ru");

        Assert.Equal(2, result.Exit);
        Assert.Contains("no lake at", result.Error, StringComparison.Ordinal);
    }
}
