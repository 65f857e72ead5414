using System.Text.Json;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Tests;

[Collection(RankedLakeCollection.Name)]
public sealed class QueryVerbTests(RankedLake lake)
{
    private const string BySource = "SELECT source, count(*) AS n FROM events GROUP BY source ORDER BY source";

    [Fact]
    public async Task Query_Table_AlignedRowsAndCountOnStderr()
    {
        var result = await Cli.RunAsync("query", "--lake", lake.Root, BySource);

        Assert.True(result.Exit == 0, result.Error);
        Assert.Matches(@"│ source │\s+n │", result.Out);
        Assert.Matches(@"│ web    │\s+\d[\d,]* │", result.Out);
        Assert.Contains("(6 rows)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_Csv_CountsAddUpToTheAcceptedEvents()
    {
        var result = await Cli.RunAsync("query", "--lake", lake.Root, "--format", "csv", BySource);

        Assert.True(result.Exit == 0, result.Error);
        var lines = result.Out.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("source,n", lines[0]);
        Assert.Equal(["app", "call", "crm", "email", "social", "web"], lines[1..].Select(l => l.Split(',')[0]));
        Assert.Equal(lake.Generated.Events, lines[1..].Sum(l => long.Parse(l.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Query_Json_ArrayOfObjects()
    {
        var result = await Cli.RunAsync("query", "--lake", lake.Root, "--format", "json", "SELECT name, abc_class, risk_flags FROM account_overview ORDER BY rank LIMIT 3");

        Assert.True(result.Exit == 0, result.Error);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(3, json.RootElement.GetArrayLength());
        Assert.Equal("A", json.RootElement[0].GetProperty("abc_class").GetString());
        Assert.Equal(JsonValueKind.Array, json.RootElement[0].GetProperty("risk_flags").ValueKind);
    }

    [Fact]
    public async Task Query_NoSql_ListsTablesAndViews()
    {
        var result = await Cli.RunAsync("query", "--lake", lake.Root);

        Assert.True(result.Exit == 0, result.Error);
        foreach (var name in new[] { "touchpoints", "rankings", "portfolio_risk", "events", "account_overview", "profile_overview" })
        {
            Assert.Contains(name, result.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Query_BadSql_Exit2WithDuckDbsMessage()
    {
        var result = await Cli.RunAsync("query", "--lake", lake.Root, "SELEC name FROM accounts");

        Assert.Equal(2, result.Exit);
        Assert.StartsWith("error: Parser Error: syntax error at or near \"SELEC\"", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task Query_BadFormat_UsageError()
    {
        var result = await Cli.RunAsync("query", "--lake", lake.Root, "--format", "xml", "SELECT 1");

        Assert.Equal(1, result.Exit);
        Assert.Contains("--format: expected table, csv or json (got 'xml')", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_MissingLake_Exit2()
    {
        var result = await Cli.RunAsync("query", "--lake", lake["nowhere"], "SELECT 1");

        Assert.Equal(2, result.Exit);
        Assert.Contains("no lake at", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_EmptyLake_Exit2SayingNothingCommitted()
    {
        var result = await Cli.RunAsync("query", "--lake", lake.EmptyRoot, "SELECT count(*) FROM touchpoints");

        Assert.Equal(2, result.Exit);
        Assert.Contains("the lake has no touchpoints yet: nothing has been committed to it", result.Error, StringComparison.Ordinal);
    }
}
