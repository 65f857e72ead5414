using ProfileUnifier.Ingestion.Kafka;
using ProfileUnifier.Lake.Groups;
using ProfileUnifier.Lake.Maintenance;
using ProfileUnifier.Lake.Reading;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Synthetic;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Ingestion.Tests;

/// <summary>
/// The writers that may share a lake with a running worker — rank (its own tables) and compaction (the worker's
/// tables, same rows) — racing it and each other: every commit is won or lost, none assumed, nothing doubled.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class ConcurrentWritersTests(KafkaFixture kafka)
{
    private static readonly GeneratorOptions Data = new() { Accounts = 30, Events = 6_000, Days = 30, Seed = 11 };
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Run_RankAndCompactionRacingTheWorker_WorkerNeverFencedAndEveryEventOnce()
    {
        using var dir = new TempFolder();
        var generated = Datasets.Write(dir["data"], Data);
        var scenario = await new KafkaScenario(kafka.Broker).CreateAsync();
        using var worker = new WorkerRunner(scenario, dir["lake"], options: new WorkerOptions
        {
            CommitInterval = TimeSpan.FromMilliseconds(100), MaxBatchLines = 300, LeaseTime = TimeSpan.FromSeconds(2),
        });
        using var done = new CancellationTokenSource();
        var lake = LakeBuilder.Context(dir["lake"]);
        var ranks = 0;
        var compactions = 0;
        var racers = new[]
        {
            Task.Run(async () =>
            {
                while (!done.IsCancellationRequested)
                {
                    if (Directory.Exists(dir["lake/signatures/_delta_log"]))
                    {
                        await LakeBuilder.RankAsync(dir["lake"]);
                        Interlocked.Increment(ref ranks);
                    }

                    await Task.Delay(50);
                }
            }),
            Task.Run(async () =>
            {
                while (!done.IsCancellationRequested)
                {
                    compactions += (await new TableCompactor(lake).CompactAsync(TableNames.Touchpoints, CancellationToken.None)).FilesRemoved > 0 ? 1 : 0;
                    await Task.Delay(50);
                }
            }),
        };

        var lines = Lines.Of(dir["data/events.ndjson"]);
        using (var producer = scenario.Producer())
        {
            foreach (var slice in lines.Chunk((lines.Count / 10) + 1))
            {
                await new PacedProducer(producer, () => worker.Status.CommittedOffsets, topicOf: scenario.TopicOf).ProduceAsync(slice, null, CancellationToken.None);

                // Give a rank the time to land between slices (a loaded machine ranks slowly), so several overlap the worker.
                var (before, until) = (Volatile.Read(ref ranks), DateTime.UtcNow.AddSeconds(3));
                while (Volatile.Read(ref ranks) == before && DateTime.UtcNow < until)
                {
                    await Task.Delay(50);
                }
            }
        }

        worker.WaitUntilCaughtUp(scenario.EndOffsets(), Patience);
        await done.CancelAsync();
        await Task.WhenAll(racers);
        worker.Stop();

        Assert.Null(worker.Error);
        Assert.True(ranks >= 2 && compactions >= 1, $"only {ranks} ranks and {compactions} compactions overlapped the worker");
        LakeAssert.ExactlyOnce(dir["lake"], generated);
        var version = await LakeReader.ReadAsync(dir["lake"], CancellationToken.None);
        Assert.Equal(ranks, version.GroupNumber(TableGroup.Rank));
        Assert.Single(version[TableNames.Rankings]!.Files);
    }

    [Fact]
    public async Task Rank_TwoAtOnce_BothLandOneAfterTheOther()
    {
        using var dir = new TempFolder();
        Datasets.Write(dir["data"], Data);
        await LakeBuilder.IngestAsync(dir["lake"], [dir["data/events.ndjson"]]);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => LakeBuilder.RankAsync(dir["lake"]))));

        var version = await LakeReader.ReadAsync(dir["lake"], CancellationToken.None);
        Assert.Equal(4, version.GroupNumber(TableGroup.Rank));
        Assert.Single(version[TableNames.Rankings]!.Files);
        Assert.Single(version[TableNames.PortfolioRisk]!.Files);
        using var duck = new DuckLake(dir["lake"]);
        Assert.Equal(duck.Count(TableNames.Accounts), duck.Count(TableNames.Rankings));
    }
}
