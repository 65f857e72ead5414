using System.CommandLine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ProfileUnifier.Cli;
using ProfileUnifier.Hosting;
using ProfileUnifier.Server;
using ProfileUnifier.Server.Lake;

namespace ProfileUnifier.Verbs;

/// <summary><c>serve</c>: the marketers' console and the REST API over the lake, read-only and keyed, until stopped.</summary>
internal static class ServeVerb
{
    public static Command Create(CliConsole console)
    {
        var lake = CommonOptions.Lake();
        var urls = new Option<string?>("--urls") { Description = "where to listen (default: Server:Urls, http://127.0.0.1:5080; beyond this machine only with Server:ApiKeys)" };
        var command = new Command("serve", "Serves a web console for marketers and a REST API (OpenAPI at /openapi/v1.json) over the lake: lookups by any identifier, profiles, accounts, rankings, segments, the report. Read-only; API keys from settings")
        {
            lake, urls,
        };
        command.SetAction((parse, ct) => CliAction.RunAsync(console, async () =>
        {
            var overrides = CommonOptions.Overrides(parse.GetValue(lake));
            if (parse.GetValue(urls) is { } given)
            {
                overrides["Server:Urls"] = given;
            }

            await using var app = AppHost.BuildWeb(console, parse.GetValue(CommonOptions.Config), overrides, b =>
            {
                b.Services.AddLakeServer();
                b.WebHost.UseUrls(b.Configuration["Server:Urls"] ?? new ServerOptions().Urls);
            });
            app.UseLakeServer();
            // The lake is opened and indexed before listening: a missing or damaged lake is an error now, not a 500 later.
            app.Services.GetRequiredService<LakeCatalog>().Refresh();
            await app.StartAsync(ct);
            var options = app.Services.GetRequiredService<IOptions<ServerOptions>>().Value;
            await console.Out.WriteLineAsync($"serving {Path.GetFullPath(app.Services.GetRequiredService<IOptions<Lake.LakeOptions>>().Value.Root)} on {options.Urls} " +
                $"({(options.ApiKeys.Count == 0 ? "no keys configured: open to this machine only" : $"{options.ApiKeys.Count} keys")}); Ctrl+C stops");
            await app.WaitForShutdownAsync(ct);
            return CliAction.Ok;
        }));
        return command;
    }
}
