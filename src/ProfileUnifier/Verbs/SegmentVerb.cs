using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ProfileUnifier.Cli;
using ProfileUnifier.Hosting;
using ProfileUnifier.Query;
using ProfileUnifier.Query.Output;
using ProfileUnifier.Query.Segments;
using Spectre.Console;

namespace ProfileUnifier.Verbs;

/// <summary><c>segment</c>: evaluates a saved segment (settings section Segments) and prints or exports its members.</summary>
internal static class SegmentVerb
{
    public static Command Create(CliConsole console)
    {
        var lake = CommonOptions.Lake();
        var name = new Argument<string?>("name") { Description = "the saved segment; leave it out to list them with their sizes", Arity = ArgumentArity.ZeroOrOne };
        var output = new Option<string?>("--out") { Description = "export the members to this file: .parquet or .csv" };
        var bom = QueryVerb.Bom();
        var format = QueryVerb.Format();
        var maxRows = new Option<int>("--max-rows") { Description = "rows a table shows (0: all)", DefaultValueFactory = _ => 50 };
        var command = new Command("segment", "Evaluates a saved segment (settings section Segments: a name, accounts or people, a SQL condition) and prints or exports its members")
        {
            name, lake, output, format, maxRows, bom,
        };
        command.SetAction((parse, ct) => CliAction.RunAsync(console, () =>
        {
            using var host = AppHost.Build(console, parse.GetValue(CommonOptions.Config), CommonOptions.Overrides(parse.GetValue(lake)),
                b => b.Services.AddQuery());
            using var database = LakeFolder.OpenDatabase(host.Services, parse.GetValue(output));
            var segments = host.Services.GetRequiredService<IOptions<SegmentOptions>>().Value;
            var runner = new SegmentRunner(database, segments);
            if (parse.GetValue(name) is not { } segment)
            {
                List(console, segments, runner);
                return Task.FromResult(CliAction.Ok);
            }

            ct.ThrowIfCancellationRequested();
            if (parse.GetValue(output) is { } path)
            {
                var export = runner.Export(segment, path, parse.GetValue(bom));
                console.Ui.MarkupLine($"segment [bold]{Markup.Escape(segment)}[/]: {export.Members:N0} members written to {Markup.Escape(export.Path)} ({export.Format})");
                return Task.FromResult(CliAction.Ok);
            }

            // A terminal table shows the columns that fit; csv and json carry every column.
            var chosen = parse.GetValue(format);
            runner.Read(segment, summary: chosen == ResultFormat.Table, reader => QueryVerb.Print(console, reader, chosen, parse.GetValue(maxRows), parse.GetValue(bom)));
            return Task.FromResult(CliAction.Ok);
        }));
        return command;
    }

    private static void List(CliConsole console, SegmentOptions segments, SegmentRunner runner)
    {
        if (segments.Count == 0)
        {
            console.Ui.MarkupLine("no saved segments: add them to section [bold]Segments[/] of a settings file (README, \"Segments\")");
            return;
        }

        var table = new Table().AddColumns("segment", "of", "members", "condition", "what it is");
        foreach (var (name, definition) in segments.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            string members;
            try
            {
                members = $"{runner.Count(name):N0}";
            }
            catch (LakeQueryException ex)
            {
                members = $"[red]{Markup.Escape(ex.Message.Split('\n')[^1])}[/]";
            }

            table.AddRow(Markup.Escape(name), definition.Of, members, Markup.Escape(definition.Where), Markup.Escape(definition.Description));
        }

        console.Ui.Write(table);
    }
}
