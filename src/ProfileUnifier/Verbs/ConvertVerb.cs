using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProfileUnifier.Cli;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Hosting;
using ProfileUnifier.Ingestion.Legacy;
using ProfileUnifier.Ingestion.Pipeline;
using ProfileUnifier.Lake;

namespace ProfileUnifier.Verbs;

/// <summary><c>convert</c>: a lake of the layout before Delta (a <c>_log/</c> commit log) copied into a new Delta lake.</summary>
internal static class ConvertVerb
{
    public static Command Create(CliConsole console)
    {
        var from = new Option<string>("--from") { Description = "the old lake (with a _log/ folder); only read", Required = true };
        var lake = CommonOptions.Lake();
        var command = new Command("convert", "Copies a lake written before the Delta layout (a _log/ commit log) into a new, empty folder as Delta tables, with its input positions and offsets, so ingest and run carry on from it")
        {
            from, lake,
        };
        command.SetAction((parse, ct) => CliAction.RunAsync(console, async () =>
        {
            using var host = AppHost.Build(console, parse.GetValue(CommonOptions.Config), CommonOptions.Overrides(parse.GetValue(lake)));
            var context = host.Services.GetRequiredService<LakeContext>();
            var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ProfileUnifier.Convert");
            var summary = await new LegacyLakeConverter(logger).ConvertAsync(Path.GetFullPath(parse.GetValue(from)!), context,
                host.Services.GetRequiredService<IOptions<IdentityRules>>().Value, host.Services.GetRequiredService<IOptions<IngestOptions>>().Value, ct);
            await console.Out.WriteLineAsync(
                $"converted {summary.Batches:N0} batches, {summary.Touchpoints:N0} touchpoints ({summary.Totals.Lines:N0} lines read in all) into {context.Root}; run `profileunifier rank --lake {context.Root}` for the rankings");
            return CliAction.Ok;
        }));
        return command;
    }
}
