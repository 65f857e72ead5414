using ProfileUnifier.Ingestion.Kafka;
using ProfileUnifier.Synthetic;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Tests;

/// <summary>`profileunifier run` as a process: SIGKILL, SIGTERM, a hot standby taking over.</summary>
[Collection(KafkaCollection.Name)]
public sealed class RunVerbTests(KafkaFixture kafka)
{
    private static readonly GeneratorOptions Data = new() { Accounts = 30, Events = 6_000, Days = 30, Seed = 9 };
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Run_KilledWithSigkillMidStream_RestartLosesAndDoublesNothing()
    {
        using var dir = new TempFolder();
        var generated = Datasets.Write(dir["data"], Data);
        var scenario = await new KafkaScenario(kafka.Broker).CreateAsync();
        await ProduceAllAsync(scenario, dir["data/events.ndjson"]);
        var ends = scenario.EndOffsets();

        using (var first = CliProcess.Run(scenario, dir["lake"]))
        {
            CliProcess.WaitUntil(() => CliProcess.Log(dir["lake"]).Count >= 3, Patience, () => "no commits: " + first.Output);
            first.Kill();
            first.WaitForExit(TimeSpan.FromSeconds(10));
        }

        Assert.False(CaughtUp(dir["lake"], ends), "the worker finished before it could be killed: use more data");
        using var second = CliProcess.Run(scenario, dir["lake"]);
        CliProcess.WaitUntil(() => CaughtUp(dir["lake"], ends), Patience, () => "not caught up: " + second.Output);
        second.Terminate();
        Assert.True(second.WaitForExit(TimeSpan.FromSeconds(30)), "SIGTERM did not stop the worker");
        Assert.True(second.ExitCode == 0, $"exit {second.ExitCode}: {second.Output}");

        LakeAssert.ExactlyOnce(dir["lake"], generated);
    }

    [Fact]
    public async Task Run_SecondWorkerOnTheSameLake_StandsByThenTakesOverWithinSeconds()
    {
        using var dir = new TempFolder();
        var generated = Datasets.Write(dir["data"], Data);
        var scenario = await new KafkaScenario(kafka.Broker).CreateAsync();
        var lines = Lines.Of(dir["data/events.ndjson"]);
        using var leader = CliProcess.Run(scenario, dir["lake"]);
        CliProcess.WaitUntil(() => Directory.Exists(dir["lake/_lease"]) && Directory.GetFiles(dir["lake/_lease"], "epoch-*").Length == 1,
            Patience, () => "the first worker took no lease: " + leader.Output);
        using var standby = CliProcess.Run(scenario, dir["lake"]);
        await ProduceAllAsync(scenario, lines[..(lines.Count / 2)]);
        CliProcess.WaitUntil(() => CliProcess.Log(dir["lake"]).Count >= 2, Patience, () => "no commits: " + leader.Output);
        Assert.Single(CliProcess.Log(dir["lake"]).Select(e => e.Writer).Distinct());

        leader.Kill();
        var killedAt = DateTime.UtcNow;
        await ProduceAllAsync(scenario, lines[(lines.Count / 2)..]);
        var ends = scenario.EndOffsets();
        CliProcess.WaitUntil(() => CliProcess.Log(dir["lake"]).Select(e => e.Writer).Distinct().Count() == 2, Patience,
            () => "the standby never wrote: " + standby.Output);
        var takeover = DateTime.UtcNow - killedAt;
        CliProcess.WaitUntil(() => CaughtUp(dir["lake"], ends), Patience, () => "not caught up: " + standby.Output);
        standby.Terminate();
        standby.WaitForExit(TimeSpan.FromSeconds(30));

        // Lease time 3 s plus a classic group's 6 s session for the dead member's partitions.
        Assert.True(takeover < TimeSpan.FromSeconds(20), $"took over after {takeover.TotalSeconds:F1} s");
        Assert.Contains("Standing by", standby.Output, StringComparison.Ordinal);
        LakeAssert.ExactlyOnce(dir["lake"], generated);
    }

    /// <summary>
    /// A writer frozen (SIGSTOP) past its lease while a standby takes over, then thawed (SIGCONT) with a batch in hand:
    /// it must not commit it, and nothing may be lost or doubled whichever of the two commits first.
    /// </summary>
    [Fact]
    public async Task Run_WriterPausedPastItsLeaseThenResumed_IsFencedAndNothingDoubles()
    {
        using var dir = new TempFolder();
        var generated = Datasets.Write(dir["data"], Data);
        var scenario = await new KafkaScenario(kafka.Broker).CreateAsync();
        var lines = Lines.Of(dir["data/events.ndjson"]);
        using var paused = CliProcess.Run(scenario, dir["lake"]);
        CliProcess.WaitUntil(() => Directory.Exists(dir["lake/_lease"]) && Directory.GetFiles(dir["lake/_lease"], "epoch-*").Length == 1,
            Patience, () => "the first worker took no lease: " + paused.Output);
        using var standby = CliProcess.Run(scenario, dir["lake"]);
        await ProduceAllAsync(scenario, lines[..(lines.Count / 2)]);
        CliProcess.WaitUntil(() => CliProcess.Log(dir["lake"]).Count >= 2, Patience, () => "no commits: " + paused.Output);

        paused.Pause();
        await ProduceAllAsync(scenario, lines[(lines.Count / 2)..]);
        var ends = scenario.EndOffsets();
        CliProcess.WaitUntil(() => CliProcess.Log(dir["lake"]).Select(e => e.Writer).Distinct().Count() == 2, Patience,
            () => "the standby never wrote: " + standby.Output);
        paused.Resume();
        CliProcess.WaitUntil(() => CaughtUp(dir["lake"], ends), Patience, () => "not caught up: " + standby.Output);
        CliProcess.WaitUntil(() => paused.Output.Contains("Fenced off", StringComparison.Ordinal) || paused.HasExited, Patience,
            () => "the resumed writer neither stood down nor stopped: " + paused.Output);
        standby.Terminate();
        paused.Terminate();
        standby.WaitForExit(TimeSpan.FromSeconds(30));
        paused.WaitForExit(TimeSpan.FromSeconds(30));

        LakeAssert.ExactlyOnce(dir["lake"], generated);
    }

    [Fact]
    public async Task Run_NoBootstrapServers_ClearErrorAndExit2()
    {
        var result = await Cli.RunAsync("run", "--lake", Path.Combine(Path.GetTempPath(), "never-created"));

        Assert.Equal(2, result.Exit);
        Assert.Contains("Kafka:BootstrapServers is required", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broker_PrintsBootstrapServersAClientCanUse()
    {
        using var dir = new TempFolder();
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "profileunifier.dll"));
        start.ArgumentList.Add("broker");
        using var broker = System.Diagnostics.Process.Start(start)!;
        try
        {
            var line = await broker.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.StartsWith("bootstrap.servers=127.0.0.1:", line, StringComparison.Ordinal);
            using var admin = new Confluent.Kafka.AdminClientBuilder(new Confluent.Kafka.AdminClientConfig { BootstrapServers = line![18..] }).Build();
            var topics = admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.Select(t => t.Topic).ToList();
            Assert.All(KafkaTopics.Sources.Append(KafkaTopics.Rejected), t => Assert.Contains(t, topics));
        }
        finally
        {
            broker.Kill();
        }
    }

    internal static bool CaughtUp(string lake, IReadOnlyDictionary<(string Topic, int Partition), long> ends)
    {
        var committed = CliProcess.CommittedOffsets(lake);
        return ends.All(e => committed.GetValueOrDefault(e.Key) >= e.Value);
    }

    internal static Task ProduceAllAsync(KafkaScenario scenario, string file) => ProduceAllAsync(scenario, Lines.Of(file));

    internal static async Task ProduceAllAsync(KafkaScenario scenario, IReadOnlyList<byte[]> lines)
    {
        using var producer = scenario.Producer();
        // Small data: nowhere near the embedded broker's 5 MiB a partition, so no pacing is needed.
        await new PacedProducer(producer, () => new Dictionary<(string, int), long>(), long.MaxValue, scenario.TopicOf)
            .ProduceAsync(lines, null, CancellationToken.None);
    }
}
