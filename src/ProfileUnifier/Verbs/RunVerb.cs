using System.CommandLine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ProfileUnifier.Cli;
using ProfileUnifier.Hosting;
using ProfileUnifier.Ingestion;
using ProfileUnifier.Ingestion.Kafka;
using ProfileUnifier.Observability;

namespace ProfileUnifier.Verbs;

/// <summary><c>run</c>: the long-running worker, Kafka into the lake, until SIGTERM.</summary>
internal static class RunVerb
{
    public static Command Create(CliConsole console)
    {
        var bootstrap = new Option<string?>("--bootstrap-servers") { Description = "Kafka bootstrap servers (default: Kafka:BootstrapServers)" };
        var lake = CommonOptions.Lake();
        var group = new Option<string?>("--group-id") { Description = "consumer group (default: Kafka:GroupId, \"profileunifier\")" };
        var topics = new Option<string[]>("--topics") { Description = "topics to read (default: events.web, events.app, events.email, events.call, events.social, events.crm)", AllowMultipleArgumentsPerToken = true };
        var protocol = new Option<string?>("--group-protocol") { Description = "classic (any broker) or consumer (KIP-848)" };
        protocol.AcceptOnlyFromAmong("classic", "consumer");
        var command = new Command("run", "Consumes the source topics into the lake, exactly once, until stopped (SIGTERM or Ctrl+C commit what was read and leave the group). A second worker on the same lake waits as a hot standby. Health:Urls (127.0.0.1:9464) answers /healthz, /readyz and /metrics")
        {
            bootstrap, lake, group, topics, protocol,
        };
        command.SetAction((parse, ct) => CliAction.RunAsync(console, async () =>
        {
            var overrides = CommonOptions.Overrides(parse.GetValue(lake));
            Set(overrides, "Kafka:BootstrapServers", parse.GetValue(bootstrap));
            Set(overrides, "Kafka:GroupId", parse.GetValue(group));
            Set(overrides, "Kafka:GroupProtocol", parse.GetValue(protocol));
            var names = parse.GetValue(topics) ?? [];
            for (var i = 0; i < names.Length; i++)
            {
                overrides[$"Kafka:Topics:{i}"] = names[i];
            }

            // One host: the worker, and beside it /healthz, /readyz and /metrics on Health:Urls.
            await using var host = AppHost.BuildWeb(console, parse.GetValue(CommonOptions.Config), overrides, b =>
            {
                b.Services.AddKafkaWorker();
                b.Services.AddWorkerHealth();
                b.WebHost.UseUrls(b.Configuration[$"{HealthOptions.SectionName}:Urls"] ?? new HealthOptions().Urls);
            });
            host.MapWorkerHealth();
            var worker = host.Services.GetRequiredService<WorkerFailure>();
            await host.RunAsync(ct);
            if (worker.Error is { } failure)
            {
                await console.Error.WriteLineAsync($"error: the worker stopped: {failure.Message}");
                return CliAction.Failed;
            }

            return CliAction.Ok;
        }));
        return command;
    }

    private static void Set(Dictionary<string, string?> overrides, string key, string? value)
    {
        if (value is not null)
        {
            overrides[key] = value;
        }
    }
}
