using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ProfileUnifier.Synthetic;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Tests;

/// <summary>`run` as operators see it: /healthz, /readyz and /metrics while it consumes, and a broker that never answers.</summary>
[Collection(KafkaCollection.Name)]
public sealed class WorkerHealthTests(KafkaFixture kafka)
{
    [Fact]
    public async Task Metrics_ScrapedWhileConsuming_CountLinesByOutcomeAsGenerated()
    {
        using var dir = new TempFolder();
        var generated = Datasets.Write(dir["data"], new GeneratorOptions { Accounts = 20, Events = 3_000, Days = 30, Seed = 11 });
        var scenario = await new KafkaScenario(kafka.Broker).CreateAsync();
        var port = FreePort();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using var worker = CliProcess.Run(scenario, dir["lake"], new Dictionary<string, string> { ["PROFILEUNIFIER_Health__Urls"] = $"http://127.0.0.1:{port}" });

        CliProcess.WaitUntil(() => Get(http, "/readyz").Status == HttpStatusCode.OK, TimeSpan.FromSeconds(60), () => "never ready: " + worker.Output);
        await RunVerbTests.ProduceAllAsync(scenario, dir["data/events.ndjson"]);
        var ends = scenario.EndOffsets();
        var scrapes = 0;
        CliProcess.WaitUntil(() =>
        {
            scrapes++;
            return Sample(Get(http, "/metrics").Body, "profileunifier_worker_lines", "outcome=\"accepted\"") == generated.Events &&
                   RunVerbTests.CaughtUp(dir["lake"], ends);
        }, TimeSpan.FromSeconds(120), () => "metrics never caught up: " + Get(http, "/metrics").Body + worker.Output);
        var metrics = Get(http, "/metrics").Body;
        using var ready = JsonDocument.Parse(Get(http, "/readyz").Body);

        Assert.True(scrapes > 1, "the worker had finished before the first scrape; the test would not show metrics moving");
        Assert.Equal(generated.Malformed, Sample(metrics, "profileunifier_worker_lines", "outcome=\"rejected\""));
        Assert.Equal(generated.Redeliveries, Sample(metrics, "profileunifier_worker_lines", "outcome=\"redelivery\""));
        Assert.True(Sample(metrics, "profileunifier_worker_commits") >= 1);
        Assert.True(Sample(metrics, "profileunifier_worker_commit_duration", "_count") >= 1);
        Assert.Equal(1, Sample(metrics, "profileunifier_worker_writing"));
        Assert.Equal(1, Sample(metrics, "profileunifier_worker_kafka_reachable"));
        Assert.Equal(scenario.Topics.Count * 4, Sample(metrics, "profileunifier_worker_assigned_partitions"));
        Assert.Equal("writing", ready.RootElement.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.OK, Get(http, "/healthz").Status);
        worker.Terminate();
        Assert.True(worker.WaitForExit(TimeSpan.FromSeconds(30)) && worker.ExitCode == 0, worker.Output);
    }

    [Fact]
    public async Task Run_BrokerNeverAnswers_ExitsNonZeroWithOneClearMessage()
    {
        using var dir = new TempFolder();
        await File.WriteAllTextAsync(dir["settings.json"], """{ "Kafka": { "UnreachableTimeout": "00:00:03" }, "Health": { "Urls": "http://127.0.0.1:0" } }""");

        var result = await Cli.RunAsync("run", "--config", dir["settings.json"], "--bootstrap-servers", "127.0.0.1:1", "--lake", dir["lake"]);

        Assert.Equal(1, result.Exit);
        Assert.Contains("error: the worker stopped: no Kafka broker at 127.0.0.1:1 has answered for 3 s (Kafka:UnreachableTimeout)", result.Error, StringComparison.Ordinal);
        // Not a flood: librdkafka retries several times a second, and said so ~45 lines a second before.
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length <= 12, $"{lines.Length} lines:\n{result.Error}");
    }

    private static (HttpStatusCode Status, string Body) Get(HttpClient http, string path)
    {
        try
        {
            using var response = http.GetAsync(new Uri(path, UriKind.Relative)).GetAwaiter().GetResult();
            return (response.StatusCode, response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
        }
        catch (HttpRequestException ex)
        {
            return (0, ex.Message);
        }
    }

    /// <summary>The value of the Prometheus sample whose name starts with <paramref name="metric"/> and whose line contains <paramref name="with"/>.</summary>
    private static double Sample(string exposition, string metric, string with = "") =>
        exposition.Split('\n').Where(l => l.StartsWith(metric, StringComparison.Ordinal) && l.Contains(with, StringComparison.Ordinal))
            .Select(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture)).DefaultIfEmpty(-1).Sum();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
