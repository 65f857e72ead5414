using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using ProfileUnifier.Cli;
using ProfileUnifier.Hosting;
using ProfileUnifier.Lake;
using ProfileUnifier.Lake.Maintenance;
using ProfileUnifier.Lake.Tables;
using Spectre.Console;

namespace ProfileUnifier.Verbs;

/// <summary><c>optimize</c>: compacts the small files of the appended tables (safe next to a running worker).</summary>
internal static class OptimizeVerb
{
    public static Command Create(CliConsole console)
    {
        var lake = CommonOptions.Lake();
        var command = new Command("optimize", "Compacts small files of touchpoints, rejected and merges into larger ones (Delta OPTIMIZE: same rows, dataChange=false); runs beside a worker")
        {
            lake,
        };
        command.SetAction((parse, ct) => CliAction.RunAsync(console, async () =>
        {
            using var host = AppHost.Build(console, parse.GetValue(CommonOptions.Config), CommonOptions.Overrides(parse.GetValue(lake)));
            var context = host.Services.GetRequiredService<LakeContext>();
            LakeFolders.RequireLake(context.Root);
            var compactor = new TableCompactor(context);
            var table = new Table().AddColumns("table", "files compacted", "into", "bytes written");
            foreach (var name in new[] { TableNames.Touchpoints, TableNames.Rejected, TableNames.Merges })
            {
                var result = await compactor.CompactAsync(name, ct);
                table.AddRow(name, $"{result.FilesRemoved:N0}", $"{result.FilesAdded:N0}", $"{result.BytesWritten:N0}");
            }

            console.Ui.Write(table);
            return CliAction.Ok;
        }));
        return command;
    }
}
