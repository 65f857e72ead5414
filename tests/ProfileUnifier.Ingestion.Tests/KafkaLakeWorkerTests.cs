using ProfileUnifier.Ingestion.Kafka;
using ProfileUnifier.Lake.Groups;
using ProfileUnifier.Lake.Reading;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Synthetic;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Ingestion.Tests;

/// <summary>The worker against a real Kafka-protocol broker over TCP (see <see cref="KafkaBroker"/>).</summary>
[Collection(KafkaCollection.Name)]
public sealed class KafkaLakeWorkerTests(KafkaFixture kafka)
{
    private static readonly GeneratorOptions Data = new() { Accounts = 30, Events = 6_000, Days = 30, Seed = 3 };
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Run_SixTopics_EveryEventLandsExactlyOnce()
    {
        using var dir = new TempFolder();
        var generated = Datasets.Write(dir["data"], Data);
        var scenario = await new KafkaScenario(kafka.Broker).CreateAsync();
        using var worker = new WorkerRunner(scenario, dir["lake"]);

        await ProduceAsync(scenario, dir["data/events.ndjson"], worker.Status);
        worker.WaitUntilCaughtUp(scenario.EndOffsets(), Patience);
        worker.Stop();

        AssertExactlyOnce(dir["lake"], generated);
        using var duck = new DuckLake(dir["lake"]);
        foreach (var (source, count) in generated.EventsBySource)
        {
            Assert.Equal(count, duck.Count(TableNames.Touchpoints, $"source = '{source}'"));
        }

        Assert.Equal(generated.Malformed, duck.Count(TableNames.Rejected, "source_kind = 'kafka' AND topic IS NOT NULL AND \"offset\" IS NOT NULL"));
        var rejected = scenario.ReadRejected((int)generated.Malformed, TimeSpan.FromSeconds(30));
        Assert.Equal(generated.Malformed, rejected.Count);
        Assert.All(rejected, m =>
        {
            Assert.NotEmpty(m.Headers[RejectedPublisher.ReasonHeader]);
            Assert.Contains(m.Headers[RejectedPublisher.ReasonCodeHeader], ProfileUnifier.Core.Validation.RejectionCodes.AllNames);
            Assert.StartsWith("events.", m.Headers[RejectedPublisher.SourceTopicHeader], StringComparison.Ordinal);
        });
        // Each as it came, its bytes too (the worker lets go of an accepted message's bytes once it is checked, not a rejected one's).
        Assert.Equal(duck.Count(TableNames.Rejected, "source_kind = 'kafka' AND raw_bytes > 0"), rejected.Count(m => m.Value.Length > 0));
        Assert.Equal(
            duck.Rows($"SELECT topic || '/' || partition || '/' || \"offset\" FROM {duck.Table(TableNames.Rejected)} ORDER BY 1").Select(r => (string)r[0]!),
            rejected.Select(m => $"{m.Headers[RejectedPublisher.SourceTopicHeader]}/{m.Headers[RejectedPublisher.SourcePartitionHeader]}/{m.Headers[RejectedPublisher.SourceOffsetHeader]}").Order(StringComparer.Ordinal));
    }

    /// <summary>A crash at a disk operation a few commits in (file, commit point, other tables), then a new worker: nothing lost, nothing doubled.</summary>
    [Theory]
    [InlineData(30)]
    [InlineData(61)]
    [InlineData(97)]
    [InlineData(140)]
    public async Task Run_CrashAtADiskOperation_RestartLosesAndDoublesNothing(int crashAt)
    {
        using var dir = new TempFolder();
        var generated = Datasets.Write(dir["data"], Data);
        var scenario = await new KafkaScenario(kafka.Broker).CreateAsync();
        // Small batches: the crash comes a few commits in, whatever the timing.
        var small = new WorkerOptions { CommitInterval = TimeSpan.FromSeconds(30), MaxBatchLines = 800, LeaseTime = TimeSpan.FromSeconds(2) };
        var first = new WorkerRunner(scenario, dir["lake"], new FaultInjectingFileSystem { FailAt = crashAt }, small);

        var produced = ProduceAsync(scenario, dir["data/events.ndjson"], first.Status);
        Assert.IsType<SimulatedCrashException>(first.WaitForExit(Patience));
        first.Dispose();
        using var second = new WorkerRunner(scenario, dir["lake"]);
        await produced.WaitAsync(Patience);
        second.WaitUntilCaughtUp(scenario.EndOffsets(), Patience);
        second.Stop();

        AssertExactlyOnce(dir["lake"], generated);
    }

    [Fact]
    public async Task Run_LakeWriteFailsForAWhile_RetriesAndLosesNothing()
    {
        using var dir = new TempFolder();
        var generated = Datasets.Write(dir["data"], Data);
        var scenario = await new KafkaScenario(kafka.Broker).CreateAsync();
        var disk = new FaultInjectingFileSystem { FailAt = 20, FailCount = 4, AsIoError = true };
        using var worker = new WorkerRunner(scenario, dir["lake"], disk);

        await ProduceAsync(scenario, dir["data/events.ndjson"], worker.Status);
        worker.WaitUntilCaughtUp(scenario.EndOffsets(), Patience);
        worker.Stop();

        Assert.True(disk.Operations > 24);
        Assert.True(worker.Metrics is not null && worker.Error is null);
        AssertExactlyOnce(dir["lake"], generated);
    }

    /// <summary>
    /// Issue 15, item 7: the storage gone for three times the lease (every disk operation fails, the heartbeat's too), then
    /// back: the worker holds back, takes the lake up again and loses and doubles nothing.
    /// </summary>
    [Fact]
    public async Task Run_StorageOutageLongerThanTheLease_ResumesAndLosesNothing()
    {
        using var dir = new TempFolder();
        var generated = Datasets.Write(dir["data"], Data);
        var scenario = await new KafkaScenario(kafka.Broker).CreateAsync();
        var storage = new FaultInjectingFileSystem { AsIoError = true };
        var options = new WorkerOptions { CommitInterval = TimeSpan.FromMilliseconds(300), MaxBatchLines = 500, LeaseTime = TimeSpan.FromSeconds(2) };
        using var worker = new WorkerRunner(scenario, dir["lake"], storage, options);
        var produced = ProduceAsync(scenario, dir["data/events.ndjson"], worker.Status);
        WaitUntil(() => worker.Status.Commits >= 2, () => "no commits");

        storage.FailCount = int.MaxValue;
        storage.FailAt = storage.Operations + 1;
        await Task.Delay(options.LeaseTime * 3);
        var failedDuringOutage = storage.Operations - storage.FailAt + 1;
        var committedInOutage = new Dictionary<(string Topic, int Partition), long>(worker.Status.CommittedOffsets);
        storage.FailAt = 0;
        await produced.WaitAsync(Patience);
        var ends = scenario.EndOffsets();
        worker.WaitUntilCaughtUp(ends, Patience);
        worker.Stop();

        Assert.True(failedDuringOutage > 1, $"{failedDuringOutage} operations failed during the outage");
        Assert.True(ends.Any(e => committedInOutage.GetValueOrDefault(e.Key) < e.Value), "the worker had nothing left to write when the outage came");
        Assert.Null(worker.Error);
        AssertExactlyOnce(dir["lake"], generated);
    }

    private static void WaitUntil(Func<bool> condition, Func<string> describe) => Eventually.WaitUntil(condition, Patience, describe);

    [Fact]
    public async Task Run_ReaderQueryingWhileWorkerWrites_NeverSeesHalfABatch()
    {
        using var dir = new TempFolder();
        var generated = Datasets.Write(dir["data"], Data);
        var scenario = await new KafkaScenario(kafka.Broker).CreateAsync();
        using var worker = new WorkerRunner(scenario, dir["lake"], options: new WorkerOptions { CommitInterval = TimeSpan.FromMilliseconds(50), LeaseTime = TimeSpan.FromSeconds(2) });
        using var done = new CancellationTokenSource();
        var queries = 0;
        var reader = Task.Run(async () =>
        {
            using var duck = new DuckLake(dir["lake"]);
            long last = 0;
            while (!done.IsCancellationRequested)
            {
                if (!Directory.Exists(dir[$"lake/{TableNames.Touchpoints}/_delta_log"]))
                {
                    await Task.Delay(10);
                    continue;
                }

                // One version per table, lined up on a batch: the rows of each table agree with that batch's running totals.
                var lake = await LakeReader.ReadAsync(dir["lake"], CancellationToken.None);
                if (lake[TableNames.Touchpoints] is not { } touchpoints)
                {
                    continue;
                }

                var totals = LakeProgress.Of(touchpoints).Totals;
                Assert.Equal(totals.Accepted, Rows(duck, lake.LiveFiles(TableNames.Touchpoints)));
                Assert.Equal(totals.Rejected, Rows(duck, lake.LiveFiles(TableNames.Rejected)));
                Assert.True(totals.Accepted >= last, "touchpoints went backwards");
                last = totals.Accepted;
                queries++;
            }
        });

        // Produce in slices, so the worker commits many times while the reader reads.
        var lines = Lines.Of(dir["data/events.ndjson"]);
        using (var producer = scenario.Producer())
        {
            foreach (var slice in lines.Chunk(lines.Count / 12 + 1))
            {
                await new PacedProducer(producer, () => worker.Status.CommittedOffsets, topicOf: scenario.TopicOf).ProduceAsync(slice, null, CancellationToken.None);
                await Task.Delay(150);
            }
        }

        worker.WaitUntilCaughtUp(scenario.EndOffsets(), Patience);
        worker.Stop();
        await done.CancelAsync();
        await reader;

        // The point is that no read failed; these only prove reading and writing overlapped.
        Assert.True(queries >= 3, $"only {queries} queries ran");
        Assert.True(worker.Status.Commits >= 3, $"only {worker.Status.Commits} commits");
        AssertExactlyOnce(dir["lake"], generated);
    }

    private static Task ProduceAsync(KafkaScenario scenario, string file, WorkerStatus status) => Task.Run(async () =>
    {
        using var producer = scenario.Producer();
        await new PacedProducer(producer, () => status.CommittedOffsets, topicOf: scenario.TopicOf)
            .ProduceAsync(Lines.Of(file), null, CancellationToken.None);
    });

    /// <summary>Exactly once, and each rejected row names its own topic/partition/offset.</summary>
    private static void AssertExactlyOnce(string lake, GenerationSummary generated)
    {
        LakeAssert.ExactlyOnce(lake, generated);
        using var duck = new DuckLake(lake);
        Assert.Equal(generated.Malformed, duck.Scalar<long>($"SELECT count(DISTINCT source) FROM {duck.Table(TableNames.Rejected)}"));
    }

    private static long Rows(DuckLake duck, IReadOnlyList<string> files) => files.Count == 0
        ? 0
        : duck.Scalar<long>($"SELECT count(*) FROM read_parquet([{string.Join(", ", files.Select(f => $"'{f}'"))}])");
}
