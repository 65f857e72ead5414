using System.Net;
using System.Text.Json;
using ProfileUnifier.Analytics;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Server.Tests;

[Collection(ServedLakeCollection.Name)]
public sealed class ApiTests(ServedLakeFixture served)
{
    private HttpClient Analyst => served.Factory.Client(LakeServerFactory.AnalystKey);

    private HttpClient Viewer => served.Factory.Client(LakeServerFactory.ViewerKey);

    [Fact]
    public async Task Healthz_NoKey_Ok()
    {
        var response = await served.Factory.Client(null).GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task OpenApi_NoKey_DocumentsEveryApiEndpoint()
    {
        using var json = await Json(served.Factory.Client(null), "/openapi/v1.json");

        var paths = json.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(
            ["/api/v1/lookup", "/api/v1/profiles/{id}", "/api/v1/profiles/{id}/timeline", "/api/v1/accounts/{id}", "/api/v1/accounts/{id}/timeline",
             "/api/v1/rankings", "/api/v1/segments", "/api/v1/segments/{name}/members", "/api/v1/segments/{name}/export", "/api/v1/report"],
            paths);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-key-0123456789abcdef")]
    public async Task Api_MissingOrUnknownKey_401ProblemDetails(string? key)
    {
        var response = await served.Factory.Client(key).GetAsync(new Uri("/api/v1/rankings", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Api_BearerToken_Accepted()
    {
        using var client = served.Factory.Client(null);
        client.DefaultRequestHeaders.Authorization = new("Bearer", LakeServerFactory.AnalystKey);

        var response = await client.GetAsync(new Uri("/api/v1/segments", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Lookup_EmailInAnotherSpelling_TheProfileThatHoldsIt()
    {
        var (email, profileId) = AnEmail();

        using var json = await Json(Analyst, $"/api/v1/lookup?email={Uri.EscapeDataString("  " + email.ToUpperInvariant())}");

        Assert.Equal("profile", json.RootElement.GetProperty("kind").GetString());
        var profile = json.RootElement.GetProperty("profile");
        Assert.Equal(profileId, profile.GetProperty("profile").GetProperty("profile_id").GetString());
        Assert.Contains(email, profile.GetProperty("profile").GetProperty("emails").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains(profile.GetProperty("identifiers").EnumerateArray(), i => i.GetProperty("value").GetString() == email);
    }

    [Fact]
    public async Task Lookup_Viewer_IdentifiersMaskedEverywhere()
    {
        var (email, profileId) = AnEmail();

        var body = await (await Viewer.GetAsync(new Uri($"/api/v1/lookup?email={Uri.EscapeDataString(email)}", UriKind.Relative))).Content.ReadAsStringAsync();

        using var json = JsonDocument.Parse(body);
        Assert.Equal(profileId, json.RootElement.GetProperty("profile").GetProperty("profile").GetProperty("profile_id").GetString());
        Assert.DoesNotContain(email, body, StringComparison.Ordinal);
        Assert.Contains($"{email[0]}***{email[email.IndexOf('@', StringComparison.Ordinal)..]}", body, StringComparison.Ordinal);
        foreach (var phone in served.Duck.Rows($"SELECT identifier_value FROM {served.Duck.Table("identities")} WHERE profile_id = '{profileId}' AND identifier_type = 'phone'"))
        {
            Assert.DoesNotContain((string)phone[0]!, body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Lookup_UnknownEmail_404ProblemDetails()
    {
        var response = await Analyst.GetAsync(new Uri("/api/v1/lookup?email=nobody.here%40romashka-unknown.ru", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("no profile or account has email nobody.here@romashka-unknown.ru", problem.RootElement.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/api/v1/lookup?email=a%40b.ru&phone=89161234567", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/lookup", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/lookup?phone=12", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/rankings?page=0", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/segments/declining-key-accounts/export?format=xlsx", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/profiles/p_nobody", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/profiles/p_nobody/timeline", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/accounts/a_nothing", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/segments/no-such-segment/members", HttpStatusCode.NotFound)]
    public async Task Api_BadInputOrUnknownId_ProblemDetailsWithTheStatus(string path, HttpStatusCode status)
    {
        var response = await Analyst.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Timeline_TwoPages_NewestFirstDisjointTotalsAsInTheLake()
    {
        var profileId = (string)served.Duck.Rows($"SELECT profile_id FROM {served.Duck.Table("profiles")} ORDER BY events DESC LIMIT 1")[0][0]!;
        var expected = served.Duck.Scalar<long>(
            $"SELECT count(*) FROM {served.Duck.Table("touchpoints")} t JOIN {served.Duck.Table("signatures")} s USING (signature_id) WHERE s.profile_id = '{profileId}'");

        using var first = await Json(Analyst, $"/api/v1/profiles/{profileId}/timeline?pageSize=5");
        using var second = await Json(Analyst, $"/api/v1/profiles/{profileId}/timeline?pageSize=5&page=2");

        Assert.Equal(expected, first.RootElement.GetProperty("total").GetInt64());
        var items = first.RootElement.GetProperty("items").EnumerateArray().Concat(second.RootElement.GetProperty("items").EnumerateArray()).ToList();
        Assert.Equal(10, items.Count);
        Assert.Equal(10, items.Select(i => i.GetProperty("event_id").GetString()).Distinct().Count());
        var times = items.Select(i => i.GetProperty("occurred_at").GetDateTime()).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);
    }

    [Fact]
    public async Task Account_TopRanked_RankingScoreAndPeopleDecisionMakersFirst()
    {
        var top = served.Lake.Ranking.Accounts[0];

        using var json = await Json(Analyst, $"/api/v1/accounts/{top.AccountId}");

        var root = json.RootElement;
        Assert.Equal(top.Rank, root.GetProperty("ranking").GetProperty("rank").GetInt32());
        Assert.Equal(top.AbcClass.WireName(), root.GetProperty("ranking").GetProperty("abc_class").GetString());
        Assert.Equal(top.RiskFlags.Select(f => f.WireName()), root.GetProperty("risk_flags").EnumerateArray().Select(f => f.GetString()));
        Assert.NotEmpty(root.GetProperty("score").EnumerateArray());
        var roles = root.GetProperty("people").EnumerateArray().Select(p => p.GetProperty("role").GetString() ?? "").ToList();
        var order = new List<string> { "decision_maker", "influencer", "finance", "user" };
        var positions = roles.Select(r => order.IndexOf(r) is var i and >= 0 ? i : 99).ToList();
        Assert.Equal(positions.Order(), positions);
        Assert.Equal(served.Duck.Count("profiles", $"account_id = '{top.AccountId}'"), roles.Count);
        // rank writes an alerts table: the account's alerts, newest first.
        Assert.Equal(served.Duck.Count(TableNames.Alerts, $"account_id = '{top.AccountId}'"), root.GetProperty("alerts").GetArrayLength());
    }

    [Theory]
    [InlineData("abc=A")]
    [InlineData("quadrant=key")]
    [InlineData("flag=declining")]
    public async Task Rankings_Filter_TheEnginesAccounts(string filter)
    {
        var (name, value) = (filter.Split('=')[0], filter.Split('=')[1]);
        var expected = served.Lake.Ranking.Accounts.Where(a => name switch
        {
            "abc" => a.AbcClass.WireName() == value,
            "quadrant" => a.KaismQuadrant.WireName() == value,
            _ => a.ShareFlag.WireName() == value || a.RiskFlags.Any(f => f.WireName() == value),
        }).Select(a => a.AccountId).ToList();

        using var json = await Json(Analyst, $"/api/v1/rankings?{filter}&pageSize=500");

        Assert.Equal(expected.Count, json.RootElement.GetProperty("total").GetInt64());
        Assert.Equal(expected, json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("account_id").GetString()));
    }

    [Fact]
    public async Task Segments_ListMembersAndCsvExport_AgreeOnTheCount()
    {
        using var list = await Json(Analyst, "/api/v1/segments");
        var segment = list.RootElement.EnumerateArray().First(s => s.GetProperty("name").GetString() == "key-decision-makers");
        var members = segment.GetProperty("members").GetInt64();

        using var page = await Json(Analyst, "/api/v1/segments/key-decision-makers/members?pageSize=3");
        var csv = await Analyst.GetStringAsync(new Uri("/api/v1/segments/key-decision-makers/export?format=csv", UriKind.Relative));

        Assert.True(members > 0);
        Assert.Equal(members, page.RootElement.GetProperty("total").GetInt64());
        Assert.Equal(Math.Min(3, members), page.RootElement.GetProperty("items").GetArrayLength());
        Assert.Equal(members + 1, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        // The oracle: the segment's condition (decision-makers at A-class accounts) in DuckDB over the Parquet files.
        Assert.Equal(served.Duck.Scalar<long>(
            $"SELECT count(*) FROM {served.Duck.Table("profiles")} p JOIN {served.Duck.Table("rankings")} r USING (account_id) WHERE p.role = 'decision_maker' AND r.abc_class = 'A'"),
            members);
    }

    [Fact]
    public async Task SegmentExport_Parquet_ReadBackByDuckDb()
    {
        var bytes = await Analyst.GetByteArrayAsync(new Uri("/api/v1/segments/key-decision-makers/export?format=parquet", UriKind.Relative));
        var file = served.Lake[$"export-{Guid.NewGuid():N}.parquet"];
        await File.WriteAllBytesAsync(file, bytes);

        using var page = await Json(Analyst, "/api/v1/segments/key-decision-makers/members");
        Assert.Equal(page.RootElement.GetProperty("total").GetInt64(), served.Duck.Scalar<long>($"SELECT count(*) FROM read_parquet('{file}') WHERE role = 'decision_maker'"));
    }

    [Fact]
    public async Task SegmentExport_ViewerParquet_403AndCsvMasked()
    {
        var parquet = await Viewer.GetAsync(new Uri("/api/v1/segments/key-decision-makers/export?format=parquet", UriKind.Relative));
        var bytes = await Viewer.GetByteArrayAsync(new Uri("/api/v1/segments/key-decision-makers/export?format=csv&bom=true", UriKind.Relative));
        var csv = System.Text.Encoding.UTF8.GetString(bytes);

        Assert.Equal(HttpStatusCode.Forbidden, parquet.StatusCode);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var emails = served.Duck.Rows($"SELECT unnest(emails) FROM {served.Duck.Table("profiles")} WHERE role = 'decision_maker'").Select(r => (string)r[0]!);
        Assert.All(emails, e => Assert.DoesNotContain(e, csv, StringComparison.Ordinal));
        Assert.Contains("***@", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_Html_WithTheTopAccount()
    {
        var response = await Analyst.GetAsync(new Uri("/api/v1/report", UriKind.Relative));

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(System.Net.WebUtility.HtmlEncode(served.Lake.Ranking.Accounts[0].Name!), html, StringComparison.Ordinal);
    }

    private (string Email, string ProfileId) AnEmail()
    {
        var row = served.Duck.Rows($"SELECT identifier_value, profile_id FROM {served.Duck.Table("identities")} WHERE identifier_type = 'email' AND profile_id IS NOT NULL ORDER BY events DESC, identifier_value LIMIT 1")[0];
        return ((string)row[0]!, (string)row[1]!);
    }

    private static async Task<JsonDocument> Json(HttpClient client, string path)
    {
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {path}: {body}");
        return JsonDocument.Parse(body);
    }
}
