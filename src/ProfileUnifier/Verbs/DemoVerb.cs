using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ProfileUnifier.Cli;
using ProfileUnifier.Hosting;
using ProfileUnifier.Lake;
using ProfileUnifier.Lake.Reading;
using ProfileUnifier.Synthetic;
using Spectre.Console;

namespace ProfileUnifier.Verbs;

/// <summary>
/// <c>demo</c>: the main job on an embedded default: generates a B2B data set, runs the pipeline into
/// ./lake, measures resolution against the data set's truth and prints a summary with the reconciliation.
/// </summary>
internal static class DemoVerb
{
    public static Command Create(CliConsole console)
    {
        var lake = CommonOptions.Lake();
        var data = new Option<string>("--data") { Description = "folder for the generated data set", DefaultValueFactory = _ => "demo-data" };
        var accounts = new Option<int>("--accounts") { Description = "companies in the data set", DefaultValueFactory = _ => 300 };
        var events = new Option<int>("--events") { Description = "about how many events", DefaultValueFactory = _ => 200_000 };
        var command = new Command("demo", "Runs the main job on an embedded default: generate a data set, ingest it into ./lake, measure identity resolution against its truth")
        {
            lake, data, accounts, events,
        };
        command.SetAction((parse, ct) => CliAction.RunAsync(console, async () =>
        {
            var overrides = CommonOptions.Overrides(parse.GetValue(lake) ?? "lake");
            using var host = AppHost.Build(console, parse.GetValue(CommonOptions.Config), overrides);
            var root = Path.GetFullPath(host.Services.GetRequiredService<IOptions<LakeOptions>>().Value.Root);
            if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
            {
                // The demo is the same every time: it starts from an empty lake.
                Directory.Delete(root, recursive: true);
            }

            var folder = Path.GetFullPath(parse.GetValue(data)!);
            console.Ui.MarkupLine("[bold]1/3 generate[/] a B2B data set with known truth");
            var options = new GeneratorOptions { Accounts = parse.GetValue(accounts), Events = parse.GetValue(events) };
            var generated = await Task.Run(() => GenerateVerb.Generate(options, folder, gzip: false, console), ct);
            console.Ui.MarkupLine("[bold]2/3 ingest[/] it into the lake");
            var ingest = await IngestVerb.RunAsync(host.Services, [Path.Combine(folder, GenerateVerb.EventsFile)], console, ct);
            console.Ui.MarkupLine("[bold]3/3 evaluate[/] identity resolution against the truth");
            var quality = await ResolutionQualityReader.EvaluateAsync(root, TruthFile.Read(Path.Combine(folder, GenerateVerb.TruthFile)), ct);

            var table = new Table().AddColumn("demo").AddColumn(new TableColumn("").RightAligned());
            table.AddRow("data set", Markup.Escape(folder));
            table.AddRow("lake", Markup.Escape(root));
            table.AddRow("lines generated", $"{generated.Lines:N0}");
            table.AddRow("  accepted", $"{ingest.Accepted:N0} (generated events: {generated.Events:N0})");
            table.AddRow("  rejected", $"{ingest.Rejected:N0} (generated malformed: {generated.Malformed:N0})");
            table.AddRow("  redeliveries", $"{ingest.Redeliveries:N0} (generated: {generated.Redeliveries:N0})");
            var reconciled = ingest.Lines == generated.Lines && ingest.IsReconciled && ingest.Accepted == generated.Events;
            table.AddRow("reconciled", reconciled ? "yes: produced = accepted + rejected + redeliveries" : "NO");
            table.AddRow("profiles / accounts", $"{ingest.Engine.Profiles:N0} / {ingest.Engine.Accounts:N0}");
            table.AddRow("precision / recall (people)", $"{quality.Precision:P2} / {quality.Recall:P2}");
            table.AddRow("account precision / coverage", $"{quality.AccountPrecision:P2} / {quality.AccountCoverage:P2}");
            table.AddRow("ingest speed", $"{ingest.EventsPerSecond:N0} lines/s");
            console.Ui.Write(table);
            console.Ui.MarkupLine($"Query it: [grey]duckdb -c \"SELECT * FROM read_parquet('{Markup.Escape(root)}/profiles/*.parquet') LIMIT 5\"[/]");
            return reconciled ? CliAction.Ok : CliAction.Failed;
        }));
        return command;
    }
}
