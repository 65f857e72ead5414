using System.Globalization;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Tests;

/// <summary>--format csv where a verb prints rows, and files refused rather than written as something they are not.</summary>
[Collection(RankedLakeCollection.Name)]
public sealed class OutputFormatTests(RankedLake lake)
{
    [Fact]
    public async Task Rank_FormatCsv_EveryRankedAccountWithEveryColumn()
    {
        var copy = lake[$"rank-{Guid.NewGuid():N}"];
        CopyFolder(lake.Root, copy);

        var result = await Cli.RunAsync("rank", "--lake", copy, "--format", "csv");

        Assert.True(result.Exit == 0, result.Error);
        var lines = result.Out.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("as_of,account_id,", lines[0], StringComparison.Ordinal);
        Assert.Equal(lake.Ranking.Accounts.Count, lines.Length - 1);
        Assert.Contains("risk_flags", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_FormatCsv_OneRowPerTouchpointShown()
    {
        using var duck = new DuckLake(lake.Root);
        var email = (string)duck.Rows($"SELECT identifier_value FROM {duck.Table("identities")} WHERE identifier_type = 'email' AND profile_id IS NOT NULL ORDER BY events DESC LIMIT 1")[0][0]!;

        var result = await Cli.RunAsync("profile", "--lake", lake.Root, "--email", email, "--latest", "2", "--format", "csv");

        Assert.True(result.Exit == 0, result.Error);
        var lines = result.Out.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("source,occurred_at,type,person,what,event_id", lines[0]);
        Assert.InRange(lines.Length - 1, 1, 12);
        Assert.All(lines[1..], l => Assert.True(DateTime.TryParse(l.Split(',')[1], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _), l));
    }

    [Fact]
    public async Task Segment_OutXlsx_RefusedWithExit2AndNoFile()
    {
        var path = lake[$"members-{Guid.NewGuid():N}.xlsx"];

        var result = await Cli.RunAsync("segment", "key-decision-makers", "--lake", lake.Root, "--out", path);

        Assert.Equal(2, result.Exit);
        Assert.Contains("Excel opens the .csv", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task Report_OutNotHtml_Refused()
    {
        var result = await Cli.RunAsync("report", "--lake", lake.Root, "--out", lake["report.xlsx"]);

        Assert.Equal(2, result.Exit);
        Assert.Contains("the report is one HTML file", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_CsvWithBom_StartsWithTheUtf8Mark()
    {
        var result = await Cli.RunAsync("query", "--lake", lake.Root, "--format", "csv", "--bom", "SELECT 'Ёлка' AS name");

        Assert.Equal(0, result.Exit);
        Assert.Equal("\uFEFFname\r\nЁлка\r\n", result.Out);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
