using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using ProfileUnifier.Cli;
using ProfileUnifier.Hosting;
using ProfileUnifier.Lake;
using ProfileUnifier.Lake.Maintenance;

namespace ProfileUnifier.Verbs;

/// <summary><c>vacuum</c>: deletes files no version needs once they have been unneeded for the retention period.</summary>
internal static class VacuumVerb
{
    public static Command Create(CliConsole console)
    {
        var lake = CommonOptions.Lake();
        var retention = new Option<TimeSpan?>("--retention")
        {
            Description = "how long a file must have been unneeded before it goes (default Lake:VacuumRetention, 1 day; e.g. 12:00:00, 7.00:00:00)",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "only count what would be deleted" };
        var command = new Command("vacuum", "Deletes data files no table version needs (removed by a later version, or never committed) once unneeded for the retention period")
        {
            lake, retention, dryRun,
        };
        command.SetAction((parse, ct) => CliAction.RunAsync(console, async () =>
        {
            using var host = AppHost.Build(console, parse.GetValue(CommonOptions.Config), CommonOptions.Overrides(parse.GetValue(lake)));
            var context = host.Services.GetRequiredService<LakeContext>();
            LakeFolders.RequireLake(context.Root);
            var keep = parse.GetValue(retention) ?? context.Options.VacuumRetention;
            if (keep < TimeSpan.Zero)
            {
                throw new ArgumentException("--retention cannot be negative");
            }

            var result = await new LakeVacuum(context).RunAsync(keep, parse.GetValue(dryRun), ct);
            await console.Out.WriteLineAsync(
                $"{(result.DryRun ? "would delete" : "deleted")} {result.Files:N0} files ({result.Bytes:N0} bytes) unneeded for more than {keep}");
            return CliAction.Ok;
        }));
        return command;
    }
}
