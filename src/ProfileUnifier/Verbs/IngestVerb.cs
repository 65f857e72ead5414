using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProfileUnifier.Cli;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Hosting;
using ProfileUnifier.Ingestion.Files;
using ProfileUnifier.Ingestion.Pipeline;
using ProfileUnifier.Lake;
using ProfileUnifier.Lake.Commit;
using ProfileUnifier.Lake.Groups;
using ProfileUnifier.Lake.Privacy;
using Spectre.Console;

namespace ProfileUnifier.Verbs;

/// <summary><c>ingest</c>: NDJSON files or folders (.gz too) through the pipeline into the lake.</summary>
internal static class IngestVerb
{
    public static Command Create(CliConsole console)
    {
        var input = new Option<string[]>("--input", "-i")
        {
            Description = "NDJSON files, or folders searched for *.ndjson and *.jsonl (optionally .gz); repeat or list several",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var lake = CommonOptions.Lake();
        var command = new Command("ingest", "Reads NDJSON events into the lake: validates, drops redeliveries, resolves identities, writes every table; continues from the lake's state and skips input already in it")
        {
            input, lake,
        };
        command.SetAction((parse, ct) => CliAction.RunAsync(console, async () =>
        {
            using var host = AppHost.Build(console, parse.GetValue(CommonOptions.Config), CommonOptions.Overrides(parse.GetValue(lake)));
            var files = InputDiscovery.Find(parse.GetValue(input)!);
            var summary = await RunAsync(host.Services, files, console, ct);
            var root = host.Services.GetRequiredService<LakeContext>().Root;
            console.Ui.Write(SummaryTable(summary, root));
            foreach (var failure in summary.Failed)
            {
                await console.Error.WriteLineAsync($"error: {failure}");
            }

            if (summary.Lines > 0 && summary.Rejected == summary.Lines)
            {
                // Nothing usable at all: most likely the wrong files or the wrong format, not a few bad lines.
                await console.Error.WriteLineAsync($"error: every one of the {summary.Lines:N0} lines read was rejected; reasons:");
                foreach (var reason in RejectedReasons.Of(root, files.Select(f => f.Path)))
                {
                    await console.Error.WriteLineAsync($"  {reason}");
                }

                return CliAction.BadInput;
            }

            return summary.Failed.Count == 0 ? CliAction.Ok : CliAction.Failed;
        }));
        return command;
    }

    /// <summary>
    /// How long ingest watches another writer's heartbeat before it refuses (the holder beats at least once a
    /// second; one that stopped beating for this long is gone, and ingest takes over from it).
    /// </summary>
    private static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(5);

    public static async Task<IngestSummary> RunAsync(IServiceProvider services, IReadOnlyList<InputFile> files, CliConsole console, CancellationToken ct)
    {
        var lake = services.GetRequiredService<LakeContext>();
        var ingestOptions = services.GetRequiredService<IOptions<IngestOptions>>().Value;
        var rules = services.GetRequiredService<IOptions<IdentityRules>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("ProfileUnifier.Ingest");
        // One writer of batches at a time: a running worker (or another ingest) makes this one refuse, not wait.
        using var lease = await WriterLease.AcquireAsync(lake, WriterIdentity.New().Id, LeaseTime, null, null, giveUpAfter: LeaseTime * 2, ct);
        IngestSummary summary = null!;
        await console.Ui.Progress().AutoClear(false).StartAsync(async ctx =>
        {
            var replay = ctx.AddTask("load identity state");
            replay.IsIndeterminate = true;
            var ingestor = await LakeIngestor.OpenAsync(lake, rules, ingestOptions, new WriterIdentity(lease.Owner, lease.Epoch), logger, null, ct,
                privacy: services.GetRequiredService<IOptions<PrivacyOptions>>().Value);
            replay.IsIndeterminate = false;
            replay.Value = replay.MaxValue;
            var job = new FileIngestJob(ingestor, lake.Options.MaxRowsPerCommit, ingestOptions.MaxLineBytes, logger);
            // The bar goes by bytes of the inputs, known without reading them: counting their lines first read each input twice
            // (from disk, the whole of it before a line was taken). Inputs already in the lake are skipped; a resumed one
            // starts where it resumes.
            var sizes = job.Plan(files).Select(p => p.Start.Whole ? 0 : p.File.Bytes).ToArray();
            var before = new long[sizes.Length];
            for (var i = 1; i < sizes.Length; i++)
            {
                before[i] = before[i - 1] + sizes[i - 1];
            }

            var reading = ctx.AddTask("ingest", maxValue: Math.Max(1, sizes.Sum()));
            summary = await job.RunAsync(files, new Progress<IngestProgress>(p =>
            {
                reading.Value = Math.Min(before[p.FileIndex] + p.InputBytes, reading.MaxValue);
                reading.Description = $"ingest {Markup.Escape(Path.GetFileName(p.File))} ({p.FileIndex + 1}/{p.FileCount}): {p.Lines:N0} lines, {p.Rejected:N0} rejected";
            }), ct);
            reading.Value = reading.MaxValue;
        });
        return summary;
    }

    private static Table SummaryTable(IngestSummary s, string lake)
    {
        var table = new Table().AddColumn("ingest").AddColumn(new TableColumn("").RightAligned());
        table.AddRow("lake", Markup.Escape(Path.GetFullPath(lake)));
        table.AddRow("files", $"{s.Files:N0} ({s.AlreadyIngested.Count:N0} already in the lake, {s.Failed.Count:N0} unreadable)");
        table.AddRow("lines read", $"{s.Lines:N0}");
        table.AddRow("  accepted", $"{s.Accepted:N0}");
        table.AddRow("  rejected", $"{s.Rejected:N0}");
        table.AddRow("  redeliveries", $"{s.Redeliveries:N0}");
        table.AddRow("  suppressed", $"{s.Suppressed:N0}" + (s.Suppressed > 0 ? " (events of erased people, kept out)" : ""));
        table.AddRow("reconciled", s.IsReconciled ? "yes: accepted + rejected + redeliveries + suppressed = lines read" : "NO");
        if (s.HeldBack > 0)
        {
            table.AddRow("not read yet", $"{s.HeldBack:N0} last line(s) with no newline, not valid yet (a file still being written?): read by the next ingest");
        }

        table.AddRow("profiles", $"{s.Engine.Profiles:N0}");
        table.AddRow("accounts", $"{s.Engine.Accounts:N0}");
        table.AddRow("identifiers", $"{s.Engine.Identifiers:N0} ({s.Engine.SharedIdentifiers:N0} shared)");
        table.AddRow("commits", $"{s.Commits:N0}");
        table.AddRow("time", $"{s.Elapsed.TotalSeconds:N1} s ({s.EventsPerSecond:N0} lines/s)");
        return table;
    }
}
