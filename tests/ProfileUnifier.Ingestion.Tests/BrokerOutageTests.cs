using Confluent.Kafka;
using ProfileUnifier.Ingestion.Kafka;
using ProfileUnifier.Synthetic;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Ingestion.Tests;

/// <summary>
/// Issue 15, item 7: the embedded broker down and up again while <c>run</c> consumes. The mock cluster keeps its topics in
/// memory, so a killed process would lose them; instead every broker of a mock cluster of this test's own is taken down
/// (connections closed, new ones refused, the data kept) and brought back, twice, mid-run (<see cref="MockCluster"/>).
/// </summary>
public sealed class BrokerOutageTests
{
    private static readonly GeneratorOptions Data = new() { Accounts = 30, Events = 6_000, Days = 30, Seed = 7 };
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Run_BrokersDownAndUpMidRun_EveryEventLandsExactlyOnce()
    {
        using var dir = new TempFolder();
        var generated = Datasets.Write(dir["data"], Data);
        await using var broker = KafkaBroker.StartMock(brokers: 3);
        var scenario = await new KafkaScenario(broker).CreateAsync();
        var options = new WorkerOptions { CommitInterval = TimeSpan.FromMilliseconds(300), MaxBatchLines = 500, LeaseTime = TimeSpan.FromSeconds(2) };
        using var worker = new WorkerRunner(scenario, dir["lake"], options: options);
        var produced = Task.Run(async () =>
        {
            using var producer = scenario.Producer();
            await new PacedProducer(producer, () => worker.Status.CommittedOffsets, topicOf: scenario.TopicOf)
                .ProduceAsync(Lines.Of(dir["data/events.ndjson"]), null, CancellationToken.None);
        });

        var linesAtOutage = new List<long>();
        var probesRefused = 0;
        using var probe = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).SetLogHandler((_, _) => { }).Build();
        for (var outage = 0; outage < 2; outage++)
        {
            var commits = worker.Status.Commits;
            WaitUntil(() => worker.Status.Commits >= commits + 2, () => $"no commits before outage {outage + 1}");
            linesAtOutage.Add(worker.Status.Lines);
            broker.Mock!.Down();
            await Task.Delay(TimeSpan.FromSeconds(2));
            // Down for real: a client cannot reach any broker.
            probesRefused += Record.Exception(() => probe.GetMetadata(TimeSpan.FromSeconds(1))) is KafkaException ? 1 : 0;
            await Task.Delay(TimeSpan.FromSeconds(2));
            broker.Mock.Up();
        }

        await produced.WaitAsync(Patience);
        worker.WaitUntilCaughtUp(scenario.EndOffsets(), Patience);
        worker.Stop();

        // The brokers were unreachable, the outages came while there was work left, and the worker went on after each.
        Assert.Equal(2, probesRefused);
        Assert.All(linesAtOutage, lines => Assert.True(lines < generated.Lines, $"{lines} of {generated.Lines} lines read before an outage"));
        Assert.Null(worker.Error);
        LakeAssert.ExactlyOnce(dir["lake"], generated);
    }

    private static void WaitUntil(Func<bool> condition, Func<string> describe) => Eventually.WaitUntil(condition, Patience, describe);
}
