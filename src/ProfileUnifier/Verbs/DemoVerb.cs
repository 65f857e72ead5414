using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ProfileUnifier.Alerts;
using ProfileUnifier.Analytics;
using ProfileUnifier.Analytics.Options;
using ProfileUnifier.Cli;
using ProfileUnifier.Hosting;
using ProfileUnifier.Ingestion;
using ProfileUnifier.Ingestion.Kafka;
using ProfileUnifier.Lake;
using ProfileUnifier.Lake.Groups;
using ProfileUnifier.Lake.Maintenance;
using ProfileUnifier.Query.Evaluation;
using ProfileUnifier.Synthetic;
using Spectre.Console;

namespace ProfileUnifier.Verbs;

/// <summary>
/// <c>demo</c>: the main job on an embedded default. Generates a B2B data set, starts the embedded broker,
/// produces the events to the six topics (paced to what the lake has committed, so the broker never evicts
/// unread data), runs the real worker into ./lake, measures resolution against the data set's truth, ranks the
/// accounts, writes report.html and prints a summary with the paths and the reconciliation.
/// </summary>
internal static class DemoVerb
{
    public static Command Create(CliConsole console)
    {
        var lake = CommonOptions.Lake();
        var data = new Option<string>("--data") { Description = "folder for the generated data set", DefaultValueFactory = _ => "demo-data" };
        var accounts = new Option<int>("--accounts") { Description = "companies in the data set", DefaultValueFactory = _ => 300 };
        var events = new Option<int>("--events") { Description = "about how many events", DefaultValueFactory = _ => 200_000 };
        var report = new Option<string>("--report") { Description = "where to write the HTML report", DefaultValueFactory = _ => "report.html" };
        var command = new Command("demo", "Runs the main job on an embedded default: generate a data set, start the embedded broker, produce to the six topics, run the worker into ./lake, measure identity resolution against the truth, rank the accounts, write report.html")
        {
            lake, data, accounts, events, report,
        };
        command.SetAction((parse, ct) => CliAction.RunAsync(console, async () =>
        {
            // Every argument is checked before anything on disk changes.
            var folder = Path.GetFullPath(parse.GetValue(data)!);
            var root = Path.GetFullPath(parse.GetValue(lake) ?? "lake");
            // A tenth of the companies billed in USD or EUR and a few collapsing: the report shows conversion and alerts.
            var options = new GeneratorOptions { Accounts = parse.GetValue(accounts), Events = parse.GetValue(events), ForeignCurrencyRate = 0.1, CollapsingRate = 0.03 };
            options.Validate();
            ReportVerb.RequireHtml(parse.GetValue(report)!);
            DemoLake.Prepare(root);

            console.Ui.MarkupLine("[bold]1/6 generate[/] a B2B data set with known truth");
            var generated = await Task.Run(() => GenerateVerb.Generate(options, folder, gzip: false, console), ct);

            console.Ui.MarkupLine("[bold]2/6 start[/] the embedded Kafka broker and the worker");
            using var broker = EmbeddedBroker.Start();
            broker.CreateTopics([.. KafkaTopics.Sources, KafkaTopics.Rejected, new AlertOptions().Topic]);
            var overrides = CommonOptions.Overrides(root);
            overrides["Kafka:BootstrapServers"] = broker.BootstrapServers;
            overrides["Kafka:GroupProtocol"] = "consumer";
            overrides["Worker:CommitInterval"] = "00:00:01";
            overrides["Analytics:Currency:RatesFile"] = Path.Combine(folder, Synthetic.FxRates.FileName);
            using var host = AppHost.Build(console, parse.GetValue(CommonOptions.Config), overrides, b =>
            {
                b.Services.AddKafkaWorker();
                b.Services.AddAnalytics().AddAlertPublishing();
            });
            await host.StartAsync(ct);
            var status = host.Services.GetRequiredService<WorkerStatus>();
            var failure = host.Services.GetRequiredService<WorkerFailure>();

            console.Ui.MarkupLine("[bold]3/6 produce[/] the events to the six topics; the worker writes the lake");
            var watch = Stopwatch.StartNew();
            await ProduceAndWaitAsync(console, broker, Path.Combine(folder, GenerateVerb.EventsFile), generated.Lines, status, failure, ct);
            var elapsed = watch.Elapsed;
            await host.StopAsync(ct);
            if (failure.Error is { } error)
            {
                await console.Error.WriteLineAsync($"error: the worker stopped: {error.Message}");
                return CliAction.Failed;
            }

            // The worker compacts on a cadence of minutes; the demo is over sooner: compact what its commits left, and,
            // as nobody else reads this lake, vacuum the replaced files at once rather than after the retention period.
            var lakeContext = host.Services.GetRequiredService<LakeContext>();
            var filesBefore = DataFiles(root);
            foreach (var name in TableGroup.Batch.Tables)
            {
                await new TableCompactor(lakeContext).CompactAsync(name, ct);
            }

            await new LakeVacuum(lakeContext).RunAsync(TimeSpan.Zero, dryRun: false, ct);
            var filesAfter = DataFiles(root);

            console.Ui.MarkupLine("[bold]4/6 evaluate[/] identity resolution against the truth");
            var quality = await ResolutionQualityReader.EvaluateAsync(root, TruthFile.Read(Path.Combine(folder, GenerateVerb.TruthFile)), ct);
            console.Ui.MarkupLine("[bold]5/6 rank[/] the accounts: ABC, 10/20/50 % shares, scoring, KAISM, risks");
            var outcome = await Stage(console, "rank", () => RankVerb.RunAsync(host.Services, asOf: null, ct));
            var ranking = outcome.Ranking;
            console.Ui.MarkupLine("[bold]6/6 report[/]: charts and tables in one HTML file");
            var written = await Stage(console, "report", () => Task.Run(() => ReportVerb.Write(host.Services, parse.GetValue(report)!, Reporting.ReportLanguage.English), ct));

            var reconciled = status.Lines == generated.Lines && status.Accepted == generated.Events &&
                             status.Rejected == generated.Malformed && status.Redeliveries == generated.Redeliveries && status.Suppressed == 0;
            var table = new Table().AddColumn("demo").AddColumn(new TableColumn("").RightAligned());
            table.AddRow("data set", Markup.Escape(folder));
            table.AddRow("lake", Markup.Escape(root));
            table.AddRow("broker", $"embedded, {Markup.Escape(broker.BootstrapServers)}");
            table.AddRow("produced", $"{generated.Lines:N0}");
            table.AddRow("  accepted", $"{status.Accepted:N0} (generated events: {generated.Events:N0})");
            table.AddRow("  rejected", $"{status.Rejected:N0} (generated malformed: {generated.Malformed:N0})");
            table.AddRow("  redeliveries", $"{status.Redeliveries:N0} (generated: {generated.Redeliveries:N0})");
            table.AddRow("  suppressed", $"{status.Suppressed:N0} (nobody erased from a new lake)");
            table.AddRow("reconciled", reconciled ? "yes: produced = accepted + rejected + redeliveries + suppressed" : "NO");
            table.AddRow("commits", $"{status.Commits:N0}");
            table.AddRow("Kafka → lake", $"{generated.Lines / elapsed.TotalSeconds:N0} events/s ({elapsed.TotalSeconds:N1} s)");
            table.AddRow("data files", $"{filesAfter:N0} ({filesBefore:N0} before compaction)");
            table.AddRow("precision / recall (people)", $"{quality.Precision:P2} / {quality.Recall:P2}");
            table.AddRow("account accuracy / coverage", $"{quality.AccountAccuracy:P2} / {quality.AccountCoverage:P2}");
            table.AddRow("accounts / true companies", $"{quality.Accounts:N0} / {quality.Companies:N0} (split: {quality.FragmentedCompanies}, mixed: {quality.MixingAccounts})");
            table.AddRow("accounts ranked", $"{ranking.Accounts.Count:N0}: A {ranking.Portfolio.ClassA} · B {ranking.Portfolio.ClassB} · C {ranking.Portfolio.ClassC}, HHI {ranking.Portfolio.Hhi:F3}");
            table.AddRow("alerts", $"{outcome.Alerts.Open:N0} open, sent to {Markup.Escape(new AlertOptions().Topic)} on the embedded broker");
            table.AddRow("report", Markup.Escape(written.Path));
            console.Ui.Write(table);
            var lakeOption = root == Path.GetFullPath("lake") ? "" : $" --lake {root}";
            console.Ui.MarkupLine($"Next: [grey]profileunifier query{Markup.Escape(lakeOption)} \"SELECT name, abc_class, kaism_quadrant FROM account_overview ORDER BY rank LIMIT 10\"[/]");
            console.Ui.MarkupLine($"      [grey]profileunifier segment{Markup.Escape(lakeOption)} declining-key-accounts[/]");
            return reconciled ? CliAction.Ok : CliAction.Failed;
        }));
        return command;
    }

    /// <summary>Parquet files under the lake's tables (the live ones, and any a version no longer needs).</summary>
    private static int DataFiles(string root) =>
        Directory.EnumerateFiles(root, "*.parquet", SearchOption.AllDirectories).Count(f => !f.Contains("_delta_log", StringComparison.Ordinal));

    /// <summary>Runs one stage and says how long it took (a bar without a measure of progress would only sit at 0 %).</summary>
    private static async Task<T> Stage<T>(CliConsole console, string name, Func<Task<T>> work)
    {
        var started = TimeProvider.System.GetTimestamp();
        var result = await work();
        console.Ui.MarkupLine($"      {Markup.Escape(name)} done in {TimeProvider.System.GetElapsedTime(started).TotalSeconds:N1} s");
        return result;
    }

    private static async Task ProduceAndWaitAsync(CliConsole console, EmbeddedBroker broker, string events, long lines,
        WorkerStatus status, WorkerFailure failure, CancellationToken ct)
    {
        await console.Ui.Progress().AutoClear(false).StartAsync(async ctx =>
        {
            var produced = ctx.AddTask("produce", maxValue: lines);
            var committed = ctx.AddTask("commit to the lake", maxValue: lines);
            using var producer = new Confluent.Kafka.ProducerBuilder<byte[]?, byte[]?>(new Confluent.Kafka.ProducerConfig
            {
                BootstrapServers = broker.BootstrapServers,
                LingerMs = 10,
                CompressionType = Confluent.Kafka.CompressionType.Lz4,
                EnableIdempotence = true,
            }).SetLogHandler((_, _) => { }).Build();
            var paced = new PacedProducer(producer, () => status.CommittedOffsets);
            var producing = paced.ProduceAsync(ReadLines(events), new Progress<long>(v => produced.Value = v), ct);
            while (!producing.IsCompleted || status.Lines < lines || status.CommittedOffsets.Values.Sum() < lines)
            {
                if (failure.Error is not null || producing.IsFaulted)
                {
                    break;
                }

                committed.Value = Math.Min(lines, status.CommittedOffsets.Values.Sum());
                await Task.Delay(100, ct);
            }

            await producing;
            committed.Value = committed.MaxValue;
        });
    }

    /// <summary>The file's lines as bytes (malformed ones, invalid UTF-8 included, go out as they are).</summary>
    private static IEnumerable<byte[]> ReadLines(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new Ingestion.Files.LineReader(stream, int.MaxValue - 1);
        while (reader.TryRead(out var line))
        {
            yield return line.Bytes.ToArray();
        }
    }
}
