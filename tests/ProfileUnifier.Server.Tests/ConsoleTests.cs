using System.Net;

namespace ProfileUnifier.Server.Tests;

/// <summary>The console over HTTP: sign-in, masking for viewers, errors as pages.</summary>
[Collection(ServedLakeCollection.Name)]
public sealed class ConsoleTests(ServedLakeFixture served)
{
    [Fact]
    public async Task Page_NoKey_RedirectsToLogin()
    {
        var response = await served.Factory.Client(null).GetAsync(new Uri("/rankings?abc=A", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?returnUrl=%2Frankings%3Fabc%3DA", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Login_WrongKey_401PageAndNoCookie()
    {
        using var form = new FormUrlEncodedContent([new("key", "wrong-key-0123456789abcdef"), new("returnUrl", "/")]);

        var response = await served.Factory.Client(null).PostAsync(new Uri("/login", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Login_RightKey_HttpOnlyStrictCookieThatOpensThePages()
    {
        using var form = new FormUrlEncodedContent([new("key", LakeServerFactory.ViewerKey), new("returnUrl", "https://elsewhere.example/")]);
        var login = await served.Factory.Client(null).PostAsync(new Uri("/login", UriKind.Relative), form);
        var cookie = login.Headers.GetValues("Set-Cookie").Single();

        using var client = served.Factory.Client(null);
        client.DefaultRequestHeaders.Add("Cookie", cookie.Split(';')[0]);
        var page = await client.GetAsync(new Uri("/segments", UriKind.Relative));

        Assert.Equal("/", login.Headers.Location?.OriginalString);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task ProfilePage_Viewer_EmailsMasked()
    {
        var row = served.Duck.Rows($"SELECT profile_id, emails[1] FROM {served.Duck.Table("profiles")} WHERE len(emails) > 0 ORDER BY events DESC LIMIT 1")[0];

        var analyst = await served.Factory.Client(LakeServerFactory.AnalystKey).GetStringAsync(new Uri($"/profiles/{row[0]}", UriKind.Relative));
        var viewer = await served.Factory.Client(LakeServerFactory.ViewerKey).GetStringAsync(new Uri($"/profiles/{row[0]}", UriKind.Relative));

        Assert.Contains((string)row[1]!, analyst, StringComparison.Ordinal);
        Assert.DoesNotContain((string)row[1]!, viewer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccountPage_UnknownId_404Page()
    {
        var response = await served.Factory.Client(LakeServerFactory.AnalystKey).GetAsync(new Uri("/accounts/a_nothing", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no account a_nothing", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_ByCompanyWord_ListsTheAccount()
    {
        var name = served.Lake.Ranking.Accounts[0].Name!;

        var html = await served.Factory.Client(LakeServerFactory.AnalystKey).GetStringAsync(new Uri($"/?q={Uri.EscapeDataString(name.Split(' ')[^2])}", UriKind.Relative));

        Assert.Contains(WebUtility.HtmlEncode(name), html, StringComparison.Ordinal);
    }
}
