using System.CommandLine;
using ProfileUnifier.Cli;
using ProfileUnifier.Hosting;
using ProfileUnifier.Query;
using ProfileUnifier.Query.Output;
using Spectre.Console;

namespace ProfileUnifier.Verbs;

/// <summary><c>query</c>: SQL over the lake's tables and views (DuckDB), printed as a table, CSV or JSON.</summary>
internal static class QueryVerb
{
    public static Command Create(CliConsole console)
    {
        var lake = CommonOptions.Lake();
        var sql = new Argument<string?>("sql") { Description = "a SQL query over the tables and views; leave it out to list them", Arity = ArgumentArity.ZeroOrOne };
        var file = new Option<string?>("--file") { Description = "read the SQL from this file instead" };
        var format = Format();
        var maxRows = new Option<int>("--max-rows") { Description = "rows a table shows (0: all); csv and json print every row", DefaultValueFactory = _ => 100 };
        var bom = Bom();
        var command = new Command("query", "Runs one SELECT over the lake's tables and views (DuckDB, read-only, confined to the lake) and prints the result as a table, CSV or JSON")
        {
            sql, lake, file, format, maxRows, bom,
        };
        command.SetAction((parse, ct) => CliAction.RunAsync(console, () =>
        {
            using var host = AppHost.Build(console, parse.GetValue(CommonOptions.Config), CommonOptions.Overrides(parse.GetValue(lake)));
            using var database = LakeFolder.OpenDatabase(host.Services);
            var text = parse.GetValue(file) is { } path ? File.ReadAllText(Path.GetFullPath(path)) : parse.GetValue(sql);
            if (string.IsNullOrWhiteSpace(text))
            {
                ListViews(console, database);
                return Task.FromResult(CliAction.Ok);
            }

            ct.ThrowIfCancellationRequested();
            database.Query(text, reader => Print(console, reader, parse.GetValue(format), parse.GetValue(maxRows), parse.GetValue(bom)));
            return Task.FromResult(CliAction.Ok);
        }));
        return command;
    }

    public static Option<ResultFormat> Format() => new("--format")
    {
        Description = "table, csv or json",
        DefaultValueFactory = _ => ResultFormat.Table,
        CustomParser = r => Enum.TryParse<ResultFormat>(r.Tokens.Single().Value, ignoreCase: true, out var f) && Enum.IsDefined(f)
            ? f
            : Fail(r),
    };

    /// <summary>CSV for spreadsheets: a UTF-8 byte-order mark first, so Excel reads Cyrillic names as they are.</summary>
    public static Option<bool> Bom() => new("--bom") { Description = "start CSV with a UTF-8 byte-order mark (for Excel)" };

    public static long Print(CliConsole console, System.Data.Common.DbDataReader reader, ResultFormat format, int maxRows, bool bom = false) => format switch
    {
        ResultFormat.Csv => CsvResultWriter.Write(reader, console.Out, bom),
        ResultFormat.Json => JsonResultWriter.Write(reader, console.Out),
        _ => ResultTable.Write(console, reader, maxRows),
    };

    private static ResultFormat Fail(System.CommandLine.Parsing.ArgumentResult r)
    {
        r.AddError($"--format: expected table, csv or json (got '{r.Tokens.Single().Value}')");
        return default;
    }

    private static void ListViews(CliConsole console, LakeDatabase database)
    {
        var table = new Table().AddColumns("table or view", "columns", "what it holds");
        foreach (var name in database.Views)
        {
            var columns = database.Rows($"SELECT column_name FROM (DESCRIBE {name})").Count;
            var view = LakeViews.All.FirstOrDefault(v => v.Name == name);
            table.AddRow(name, $"{columns}", Markup.Escape(view?.Description ?? "lake table (README, \"Lake tables\")"));
        }

        foreach (var (name, why) in database.Unavailable)
        {
            table.AddRow($"[grey]{name}[/]", "", $"[grey]{Markup.Escape(why)}[/]");
        }

        console.Ui.Write(table);
        console.Ui.MarkupLine("Columns of one: [grey]profileunifier query \"DESCRIBE profiles\"[/]");
    }
}
