using ProfileUnifier.Analytics.Ranking;
using PuppeteerSharp;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Server.Tests;

/// <summary>
/// The console driven in headless Chromium (Debian's, no browser download) against the server on Kestrel:
/// sign in, search an email written in another format, open the profile, its account, filter the rankings,
/// export a segment. Saves a screenshot of each page (into $CONSOLE_SCREENSHOTS when set: docs/ uses them).
/// </summary>
[Collection(ServedLakeCollection.Name)]
public sealed class ConsoleBrowserTests(ServedLakeFixture served)
{
    [SkippableFact]
    public async Task Console_SearchProfileAccountRankingsSegment_AsAMarketerWouldUseIt()
    {
        var chromium = Chromium.Require();
        await using var factory = new LakeServerFactory(served.Lake.Root);
        factory.UseKestrel(0);
        factory.StartServer();
        using var client = factory.CreateClient();
        var site = client.BaseAddress!;
        var shots = Environment.GetEnvironmentVariable("CONSOLE_SCREENSHOTS") ?? served.Lake["screenshots"];
        Directory.CreateDirectory(shots);
        await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        await using var page = await browser.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = 1280, Height = 900 });

        // Sign in: the console sends a browser without a key to the login page.
        await page.GoToAsync(new Uri(site, "/").AbsoluteUri);
        Assert.Contains("/login", page.Url, StringComparison.Ordinal);
        await page.TypeAsync("input[name=key]", LakeServerFactory.AnalystKey);
        await Task.WhenAll(page.WaitForNavigationAsync(), page.ClickAsync("main button"));

        // Search an email as a person might type it: capitals and spaces around it.
        var (email, profileId, person) = AnEmail();
        await page.TypeAsync("input[name=q]", $"  {email.ToUpperInvariant()} ");
        await page.ScreenshotAsync(Path.Combine(shots, "console-search.png"));
        await Task.WhenAll(page.WaitForNavigationAsync(), page.Keyboard.PressAsync("Enter"));
        Assert.EndsWith($"/profiles/{profileId}", page.Url, StringComparison.Ordinal);
        Assert.Equal(person, await Text(page, "h1"));
        Assert.Contains(email, await Text(page, "#identifiers"), StringComparison.Ordinal);
        await page.ScreenshotAsync(Path.Combine(shots, "console-profile.png"), new ScreenshotOptions { FullPage = true });

        // Its account, from the card's link.
        var account = (string)served.Duck.Rows($"SELECT a.name FROM {served.Duck.Table("profiles")} p JOIN {served.Duck.Table("accounts")} a USING (account_id) WHERE p.profile_id = '{profileId}'")[0][0]!;
        await Task.WhenAll(page.WaitForNavigationAsync(), page.ClickAsync("dl.card a[href^='/accounts/']"));
        Assert.Equal(account, await Text(page, "h1"));
        Assert.Contains(profileId, await Text(page, "#people"), StringComparison.Ordinal);
        await page.ScreenshotAsync(Path.Combine(shots, "console-account.png"), new ScreenshotOptions { FullPage = true });

        // The rankings, filtered to class A with the form.
        await page.GoToAsync(new Uri(site, "/rankings").AbsoluteUri);
        await page.SelectAsync("select[name=abc]", "A");
        await Task.WhenAll(page.WaitForNavigationAsync(), page.ClickAsync("main form button"));
        var classes = await page.EvaluateExpressionAsync<string[]>(
            "[...document.querySelectorAll('#rankings tbody tr')].map(r => r.children[4].textContent)");
        Assert.Equal(served.Lake.Ranking.Accounts.Count(a => a.AbcClass == AbcClass.A), classes.Length);
        Assert.All(classes, c => Assert.Equal("A", c));
        await page.ScreenshotAsync(Path.Combine(shots, "console-rankings.png"), new ScreenshotOptions { FullPage = true });

        // A segment, and its CSV export through the page's own link (the browser's cookie is the key).
        await page.GoToAsync(new Uri(site, "/segments").AbsoluteUri);
        await page.ScreenshotAsync(Path.Combine(shots, "console-segments.png"), new ScreenshotOptions { FullPage = true });
        await Task.WhenAll(page.WaitForNavigationAsync(), page.ClickAsync("#segments a[href='/segments/key-decision-makers']"));
        var shown = await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#members tbody tr').length");
        var csv = await page.EvaluateExpressionAsync<string>(
            "fetch([...document.querySelectorAll('a')].find(a => a.textContent === 'CSV').href).then(r => r.text())");
        await page.ScreenshotAsync(Path.Combine(shots, "console-segment.png"), new ScreenshotOptions { FullPage = true });
        var members = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length - 1;
        Assert.True(members > 0);
        Assert.Equal(Math.Min(members, 50), shown);
    }

    private (string Email, string ProfileId, string Person) AnEmail()
    {
        var row = served.Duck.Rows(
            $"SELECT i.identifier_value, i.profile_id, concat_ws(' ', p.first_name, p.last_name) FROM {served.Duck.Table("identities")} i " +
            $"JOIN {served.Duck.Table("profiles")} p USING (profile_id) WHERE i.identifier_type = 'email' AND p.first_name IS NOT NULL AND p.account_id IS NOT NULL " +
            "ORDER BY p.events DESC, i.identifier_value LIMIT 1")[0];
        return ((string)row[0]!, (string)row[1]!, (string)row[2]!);
    }

    private static Task<string> Text(IPage page, string selector) =>
        page.EvaluateExpressionAsync<string>($"document.querySelector({System.Text.Json.JsonSerializer.Serialize(selector)}).textContent.trim()");
}
