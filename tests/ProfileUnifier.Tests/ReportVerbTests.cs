using System.Globalization;
using AngleSharp.Html.Parser;
using ProfileUnifier.Testing;
using SkiaSharp;

namespace ProfileUnifier.Tests;

[Collection(RankedLakeCollection.Name)]
public sealed class ReportVerbTests(RankedLake lake)
{
    private static readonly string[] Sections =
    [
        "summary", "alerts", "pareto", "kaism", "concentration", "quarters", "top-accounts", "scenarios", "declining", "payment-risk", "margin-risk",
        "campaigns", "stopped-reacting", "scoring", "scoring-table",
    ];

    [Fact]
    public async Task Report_RankedLake_OneSelfContainedFileWithEverySectionAndChart()
    {
        var path = lake[$"reports/{Guid.NewGuid():N}/report.html"];

        var result = await Cli.RunAsync("report", "--lake", lake.Root, "--out", path);

        Assert.True(result.Exit == 0, result.Error);
        using var document = new HtmlParser().ParseDocument(File.ReadAllText(path));
        Assert.Equal(Sections, Sections.Where(id => document.GetElementById(id) is not null));
        var images = document.Images.ToList();
        Assert.Equal(5, images.Count);
        foreach (var image in images)
        {
            Assert.StartsWith("data:image/png;base64,", image.Source, StringComparison.Ordinal);
            using var bitmap = SKBitmap.Decode(Convert.FromBase64String(image.GetAttribute("src")!["data:image/png;base64,".Length..]));
            Assert.Equal((1100, 520), (bitmap.Width, bitmap.Height));
            Assert.False(string.IsNullOrWhiteSpace(image.AlternativeText));
        }

        // Self-contained: nothing to fetch, nothing to run.
        Assert.DoesNotContain(document.All, e => e.LocalName is "script" or "link" or "iframe");
        Assert.DoesNotContain(document.All.SelectMany(e => e.Attributes), a => a.Value.Contains("://", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Report_Figures_AgreeWithTheLakesTables()
    {
        var path = lake[$"reports/{Guid.NewGuid():N}/report.html"];

        await Cli.RunAsync("report", "--lake", lake.Root, "--out", path);

        using var document = new HtmlParser().ParseDocument(File.ReadAllText(path));
        using var duck = new DuckLake(lake.Root);
        var hhi = duck.Scalar<double>($"SELECT hhi FROM {duck.Table("portfolio_risk")}");
        var declining = duck.Count("rankings", "declining");
        var late = duck.Count("rankings", "list_has_any(risk_flags, ['payment_delay', 'overdue'])");
        var open = duck.Count("alerts", "closed_at IS NULL");
        var abc = duck.Rows($"SELECT count(*) FILTER (WHERE abc_class = 'A'), count(*) FILTER (WHERE abc_class = 'B'), count(*) FILTER (WHERE abc_class = 'C') FROM {duck.Table("rankings")} WHERE revenue > 0").Single();
        var cards = document.QuerySelectorAll(".card").ToDictionary(c => c.QuerySelector(".label")!.TextContent, c => c.QuerySelector(".value")!.TextContent);
        Assert.Equal(hhi.ToString("F3", CultureInfo.InvariantCulture), cards["HHI"]);
        Assert.Equal($"A {abc[0]} · B {abc[1]} · C {abc[2]}", cards["ABC classes (accounts with revenue)"]);
        Assert.Equal($"({declining})", document.QuerySelector("#declining .count")!.TextContent);
        Assert.Equal($"({late})", document.QuerySelector("#payment-risk .count")!.TextContent);
        Assert.Equal($"({open})", document.QuerySelector("#alerts .count")!.TextContent);
        Assert.Equal(lake.Ranking.Accounts[0].Name, document.QuerySelector("#top-accounts tr:nth-child(2) td:nth-child(2)")!.TextContent);
        // Every amount carries its currency.
        Assert.EndsWith("\u00A0RUB", cards["revenue in the window"], StringComparison.Ordinal);
        Assert.All(document.QuerySelectorAll("#top-accounts tr td:nth-child(3), #scenarios tr td:nth-child(2), #payment-risk tr td:nth-child(6)"),
            cell => Assert.EndsWith("\u00A0RUB", cell.TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Report_InRussian_TextsNumbersAndDatesOfTheLanguage()
    {
        var path = lake[$"reports/{Guid.NewGuid():N}/report.html"];

        var result = await Cli.RunAsync("report", "--lake", lake.Root, "--out", path, "--lang", "ru");

        Assert.True(result.Exit == 0, result.Error);
        using var document = new HtmlParser().ParseDocument(File.ReadAllText(path));
        Assert.Equal("ru", document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Портфель ключевых клиентов", document.QuerySelector("h1")!.TextContent);
        var asOf = lake.Ranking.Portfolio.AsOf;
        Assert.Contains($"на {asOf:dd.MM.yyyy}", document.QuerySelector(".meta")!.TextContent, StringComparison.Ordinal);
        var revenue = document.QuerySelector(".card .value")!.TextContent;
        Assert.Equal(lake.Ranking.Portfolio.TotalRevenue.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '\u00A0') + "\u00A0RUB", revenue);
        Assert.Contains(document.QuerySelectorAll("#top-accounts td"), td => td.TextContent.Contains(',', StringComparison.Ordinal) && td.TextContent.EndsWith(" %", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Report_UnknownLanguage_Exit1WithTheChoices()
    {
        var result = await Cli.RunAsync("report", "--lake", lake.Root, "--out", lake["never.html"], "--lang", "de");

        Assert.NotEqual(0, result.Exit);
        Assert.Contains("en", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(lake["never.html"]));
    }

    [SkippableFact]
    public async Task Report_OpenedInHeadlessChromium_RendersTheCharts()
    {
        var chromium = Chromium.Require();
        var html = lake[$"reports/{Guid.NewGuid():N}/report.html"];
        await Cli.RunAsync("report", "--lake", lake.Root, "--out", html);
        var png = Path.ChangeExtension(html, ".png");

        await Chromium.ScreenshotAsync(chromium, html, png, 1280, 2400);

        using var shot = SKBitmap.Decode(png);
        Assert.Equal((1280, 2400), (shot.Width, shot.Height));
        // The class-A green exists only inside the charts: seeing it means the browser decoded the embedded images.
        var green = 0;
        for (var y = 0; y < shot.Height; y += 2)
        {
            for (var x = 0; x < shot.Width; x += 2)
            {
                var c = shot.GetPixel(x, y);
                if (Math.Abs(c.Red - 0x2E) < 12 && Math.Abs(c.Green - 0x7D) < 12 && Math.Abs(c.Blue - 0x32) < 12)
                {
                    green++;
                }
            }
        }

        Assert.True(green > 500, $"only {green} chart-green pixels in the screenshot");
    }

    [Fact]
    public async Task Report_LakeNotRanked_Exit2SayingRunRank()
    {
        using var folder = new TempFolder();
        await LakeBuilder.IngestAsync(folder["lake"], [lake.Events]);

        var result = await Cli.RunAsync("report", "--lake", folder["lake"], "--out", folder["report.html"]);

        Assert.Equal(2, result.Exit);
        Assert.Contains("run `profileunifier rank` first", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder["report.html"]));
    }

    [Fact]
    public async Task Report_EmptyLake_Exit5()
    {
        var result = await Cli.RunAsync("report", "--lake", lake.EmptyRoot, "--out", lake["never.html"]);

        Assert.Equal(5, result.Exit);
        Assert.Contains("is empty: nothing has been ingested yet", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_MissingLake_Exit2()
    {
        var result = await Cli.RunAsync("report", "--lake", lake["nowhere"], "--out", lake["never.html"]);

        Assert.Equal(2, result.Exit);
        Assert.Contains("no lake at", result.Error, StringComparison.Ordinal);
    }
}
