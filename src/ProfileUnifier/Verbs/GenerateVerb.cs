using System.CommandLine;
using System.IO.Compression;
using System.Text.Json;
using ProfileUnifier.Cli;
using ProfileUnifier.Synthetic;
using Spectre.Console;

namespace ProfileUnifier.Verbs;

/// <summary><c>generate</c>: a synthetic B2B data set with known truth (events, truth.csv, manifest.json).</summary>
internal static class GenerateVerb
{
    public const string EventsFile = "events.ndjson";
    public const string TruthFile = "truth.csv";
    public const string ManifestFile = "manifest.json";

    public static Command Create(CliConsole console)
    {
        var output = new Option<string>("--out") { Description = "folder to write events.ndjson, truth.csv, manifest.json and fx_rates.csv into", DefaultValueFactory = _ => "data" };
        var accounts = new Option<int>("--accounts") { Description = "number of companies", DefaultValueFactory = _ => 200 };
        var events = new Option<int>("--events") { Description = "about how many lines to write", DefaultValueFactory = _ => 50_000 };
        var seed = new Option<int>("--seed") { Description = "random seed: the same seed gives the same files", DefaultValueFactory = _ => 42 };
        var asOf = new Option<DateOnly?>("--as-of") { Description = "last day of activity (default 2026-11-20)" };
        var gzip = new Option<bool>("--gzip") { Description = "write events.ndjson.gz" };
        var foreign = new Option<double>("--foreign-currencies") { Description = "share of companies billed in USD or EUR (0..1; rates in fx_rates.csv)" };
        var collapsing = new Option<double>("--collapsing") { Description = "share of companies whose activity collapses in the last 30 days (0..1)" };
        var command = new Command("generate", "Writes a synthetic B2B data set with known truth: Pareto-sized companies, people with several devices and emails, shared office lines, role mailboxes, trade-show kiosks, redeliveries and malformed lines")
        {
            output, accounts, events, seed, asOf, gzip, foreign, collapsing,
        };
        command.SetAction((parse, ct) => CliAction.RunAsync(console, async () =>
        {
            var options = new GeneratorOptions
            {
                Accounts = parse.GetValue(accounts),
                Events = parse.GetValue(events),
                Seed = parse.GetValue(seed),
                AsOf = parse.GetValue(asOf) ?? new GeneratorOptions().AsOf,
                ForeignCurrencyRate = parse.GetValue(foreign),
                CollapsingRate = parse.GetValue(collapsing),
            };
            var folder = Path.GetFullPath(parse.GetValue(output)!);
            var summary = await Task.Run(() => Generate(options, folder, parse.GetValue(gzip), console), ct);
            console.Ui.Write(SummaryTable(summary, folder));
            return CliAction.Ok;
        }));
        return command;
    }

    public static GenerationSummary Generate(GeneratorOptions options, string folder, bool gzip, CliConsole console)
    {
        Directory.CreateDirectory(folder);
        var eventsPath = Path.Combine(folder, gzip ? EventsFile + ".gz" : EventsFile);
        GenerationSummary summary = null!;
        console.Ui.Progress().AutoClear(false).Start(ctx =>
        {
            var task = ctx.AddTask("generate", maxValue: options.Events);
            using var file = new FileStream(eventsPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
            using var compressed = gzip ? new GZipStream(file, CompressionLevel.Fastest) : null;
            using var truth = new FileStream(Path.Combine(folder, TruthFile), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
            summary = new DatasetGenerator(options).Generate((Stream?)compressed ?? file, truth, new Progress<long>(v => task.Value = v));
            task.Value = task.MaxValue;
        });
        File.WriteAllText(Path.Combine(folder, ManifestFile), JsonSerializer.Serialize(new { options, summary }, ManifestJson));
        File.WriteAllText(Path.Combine(folder, FxRates.FileName), FxRates.Csv(options));
        return summary;
    }

    private static readonly JsonSerializerOptions ManifestJson = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static Table SummaryTable(GenerationSummary s, string folder)
    {
        var table = new Table().AddColumn("generated").AddColumn(new TableColumn("").RightAligned());
        table.AddRow("folder", Markup.Escape(folder));
        table.AddRow("lines", $"{s.Lines:N0}");
        table.AddRow("  events", $"{s.Events:N0}");
        table.AddRow("  redeliveries", $"{s.Redeliveries:N0}");
        table.AddRow("  malformed", $"{s.Malformed:N0}");
        table.AddRow("accounts", $"{s.Accounts:N0}");
        table.AddRow("people", $"{s.People:N0}");
        table.AddRow("orders", $"{s.Orders:N0}");
        return table;
    }
}
