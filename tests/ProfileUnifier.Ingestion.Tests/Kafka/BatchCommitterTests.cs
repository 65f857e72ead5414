using Confluent.Kafka;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Ingestion.Kafka;
using ProfileUnifier.Ingestion.Pipeline;
using ProfileUnifier.Lake;
using ProfileUnifier.Lake.Commit;
using ProfileUnifier.Lake.Groups;
using ProfileUnifier.Lake.Privacy;
using ProfileUnifier.Lake.Reading;
using ProfileUnifier.Lake.Snapshots;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Synthetic;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Ingestion.Tests.Kafka;

/// <summary>
/// The worker's batches and commits (<see cref="BatchCommitter"/> in its <see cref="WorkerSession"/>) against an in-memory
/// consumer (<see cref="FakeKafka"/>) that revokes, loses and fails where a test says; the lake read back with DuckDB.
/// </summary>
public sealed class BatchCommitterTests
{
    private static readonly GeneratorOptions Data = new() { Accounts = 10, Events = 2_000, Days = 30, Seed = 7 };
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    // How long a test holds a batch's commit for the next batch to take lines (it takes them at once if it can).
    private static readonly TimeSpan Overlap = TimeSpan.FromSeconds(20);
    private static readonly TopicPartition[] Partitions = [new("events.a", 0), new("events.a", 1), new("events.b", 0)];
    private static readonly KafkaOptions Options = new()
    {
        BootstrapServers = "fake:9092", Topics = ["events.a", "events.b"], RejectedTopic = "events.rejected",
    };

    // Batches of 400 lines, never by age: where a batch ends does not depend on timing. The scripted events fall at message
    // counts, so the worker keeps in step with its consumer (no read-ahead: it takes each message before reading the next).
    private static readonly WorkerOptions Batches = new()
    {
        CommitInterval = TimeSpan.FromHours(1), MaxBatchLines = 400, LeaseTime = TimeSpan.FromSeconds(2), StatusInterval = TimeSpan.FromSeconds(1),
        MaxReadAhead = 1,
    };

    // The same with the default read-ahead: the consumer runs ahead of the batch (as with a real broker).
    private static readonly WorkerOptions BatchesReadAhead = new()
    {
        CommitInterval = TimeSpan.FromHours(1), MaxBatchLines = 400, LeaseTime = TimeSpan.FromSeconds(2), StatusInterval = TimeSpan.FromSeconds(1),
    };

    [Fact]
    public void Run_SeveralBatches_EveryMessageOnceAndOffsetsInLakeAndKafka()
    {
        using var dir = new TempFolder();
        var (generated, kafka) = Setup(dir);

        using (var worker = new WorkerRunner(Options, kafka, dir["lake"], options: BatchesReadAhead))
        {
            ReadToTheEnd(kafka, worker);
        }

        LakeAssert.ExactlyOnce(dir["lake"], generated);
        Assert.True(Progress(dir["lake"]).Batch >= 4, $"only {Progress(dir["lake"]).Batch} batches");
        Assert.Equal(kafka.Ends, Progress(dir["lake"]).KafkaOffsets);
        Assert.Equal(kafka.Ends, kafka.Consumers.Single().KafkaCommits.ToDictionary(c => (c.Key.Topic, c.Key.Partition.Value), c => c.Value));
        Assert.Equal(generated.Malformed, kafka.Produced.Count(p => p.Topic == Options.RejectedTopic));
    }

    [Fact]
    public void Run_PartitionsRevokedMidBatch_BatchCommittedBeforeTheyGoAndReadOnOnReassignment()
    {
        using var dir = new TempFolder();
        var (generated, kafka) = Setup(dir);
        var revoked = Partitions[..2];
        Dictionary<TopicPartition, long>? taken = null;
        IReadOnlyDictionary<(string, int), long>? inLake = null;
        kafka.After(550, c =>
        {
            taken = revoked.ToDictionary(p => p, p => c.Positions[p]);
            c.Revoke(revoked);
            inLake = Progress(dir["lake"]).KafkaOffsets;
        });
        kafka.After(900, c => c.Reassign(revoked));

        using (var worker = new WorkerRunner(Options, kafka, dir["lake"], options: Batches))
        {
            ReadToTheEnd(kafka, worker);
        }

        // The batch (150 lines past the first commit) went into the lake with the revoked partitions' positions.
        Assert.All(taken!, t => Assert.Equal(t.Value, inLake![(t.Key.Topic, t.Key.Partition.Value)]));
        var consumer = kafka.Consumers.Single();
        Assert.All(revoked, p => Assert.Equal(taken![p], consumer.Starts.Last(s => s.TopicPartition == p).Offset.Value));
        LakeAssert.ExactlyOnce(dir["lake"], generated);
    }

    [Fact]
    public void Run_PartitionsLostWithMessagesInTheBatch_BatchDroppedAndReadAgainFromTheLake()
    {
        using var dir = new TempFolder();
        var (generated, kafka) = Setup(dir);
        Dictionary<TopicPartition, long>? taken = null;
        IReadOnlyDictionary<(string, int), long>? inLake = null;
        kafka.After(550, c =>
        {
            // Batch 1 (sealed at message 400) commits while the worker takes on: wait for it, so that the lake's offsets
            // read here are where the next stint must start (batch 2 is sealed at 800 only).
            Eventually.WaitUntil(() => CommittedBatches(dir["lake"]) >= 1, TimeSpan.FromSeconds(30), () => "batch 1 was never committed");
            taken = c.Positions.ToDictionary();
            inLake = Progress(dir["lake"]).KafkaOffsets;
            c.Lose(Partitions[..1]);
        });

        using (var worker = new WorkerRunner(Options, kafka, dir["lake"], options: Batches))
        {
            ReadToTheEnd(kafka, worker);
            Assert.Null(worker.Error);
        }

        // The second stint started every partition where the lake was when the first lost one, short of what it had taken.
        Assert.Equal(2, kafka.Consumers.Count);
        var starts = kafka.Consumers[1].Starts.ToDictionary(s => (s.Topic, s.Partition.Value), s => s.Offset.Value);
        Assert.Equal(inLake, starts);
        Assert.True(taken!.Sum(t => t.Value) > inLake!.Values.Sum(), "nothing was pending when the partitions were lost");
        LakeAssert.ExactlyOnce(dir["lake"], generated);
    }

    [Fact]
    public void Run_FatalConsumerError_StopsWithNothingHalfCommittedAndNextWorkerFinishes()
    {
        using var dir = new TempFolder();
        var (generated, kafka) = Setup(dir);
        kafka.After(550, c => c.Fail(new Error(ErrorCode.Local_Fatal, "fenced by a newer producer epoch", isFatal: true)));

        Exception? error;
        using (var worker = new WorkerRunner(Options, kafka, dir["lake"], options: Batches))
        {
            error = worker.WaitForExit(Patience);
        }

        var failed = Assert.IsType<KafkaException>(error);
        Assert.True(failed.Error.IsFatal);
        // Whole batches only: the lake's line count is exactly the messages its offsets cover.
        var progress = Progress(dir["lake"]);
        Assert.Equal(1, progress.Batch);
        Assert.Equal(progress.KafkaOffsets.Values.Sum(), progress.Totals.Lines);
        using var duck = new DuckLake(dir["lake"]);
        Assert.Equal(progress.Totals.Accepted, duck.Count(TableNames.Touchpoints));

        var again = Setup(dir, write: false).Kafka;
        using (var worker = new WorkerRunner(Options, again, dir["lake"], options: Batches))
        {
            ReadToTheEnd(again, worker);
        }

        LakeAssert.ExactlyOnce(dir["lake"], generated);
    }

    [Fact]
    public void Run_LakeCommitFailsThenSucceeds_RetriedAndEveryMessageOnce()
    {
        using var dir = new TempFolder();
        var (generated, kafka) = Setup(dir);
        var disk = new FaultInjectingFileSystem { FailAt = 25, FailCount = 3, AsIoError = true };

        using (var worker = new WorkerRunner(Options, kafka, dir["lake"], disk, BatchesReadAhead))
        {
            ReadToTheEnd(kafka, worker);
            Assert.Null(worker.Error);
        }

        Assert.True(disk.Operations > disk.FailAt + disk.FailCount, $"{disk.Operations} disk operations");
        Assert.Single(kafka.Consumers);
        LakeAssert.ExactlyOnce(dir["lake"], generated);
    }

    [Fact]
    public void Run_WriterFencedMidBatch_StandsByTakesTheLakeBackAndEveryMessageOnce()
    {
        using var dir = new TempFolder();
        var (generated, kafka) = Setup(dir);
        kafka.After(550, _ =>
        {
            // What a writer taking over does first (WriterLease): it publishes the next epoch. This one then goes quiet.
            var lease = dir[$"lake/{WriterLease.FolderName}"];
            var next = Directory.GetFiles(lease, "epoch-*.json").Length + 1;
            File.WriteAllText(Path.Combine(lease, $"epoch-{next:D20}.json"), """{"epoch":2,"owner":"thief"}""");
        });

        using (var worker = new WorkerRunner(Options, kafka, dir["lake"], options: Batches))
        {
            ReadToTheEnd(kafka, worker);
            Assert.Null(worker.Error);
        }

        Assert.Equal(2, kafka.Consumers.Count);
        Assert.Equal(3, Directory.GetFiles(dir[$"lake/{WriterLease.FolderName}"], "epoch-*.json").Length);
        LakeAssert.ExactlyOnce(dir["lake"], generated);
    }

    [Fact]
    public void Run_NextBatchTakenWhileOneCommits_EachCommittedOnceWithItsOwnOffsets()
    {
        using var dir = new TempFolder();
        var (generated, kafka) = Setup(dir);
        var disk = new FaultInjectingFileSystem();
        WorkerRunner? worker = null;
        var tookMeanwhile = false;
        LakeProgress? beforeSecond = null;
        long takenBeforeSecond = 0;
        var commits = 0;
        disk.BeforeStep = step =>
        {
            if (!IsTouchpointsCommit(step))
            {
                return;
            }

            switch (Interlocked.Increment(ref commits))
            {
                case 1:
                    // Batch 1 (400 lines) is held at its commit until 200 lines of batch 2 are taken.
                    tookMeanwhile = SpinWait.SpinUntil(() => worker!.Status.Lines >= 600, Overlap);
                    break;
                case 2:
                    takenBeforeSecond = worker!.Status.Lines;
                    beforeSecond = Progress(dir["lake"]);
                    break;
            }
        };

        using (worker = new WorkerRunner(Options, kafka, dir["lake"], disk, Batches, NoHousekeeping(dir["lake"])))
        {
            ReadToTheEnd(kafka, worker);
            Assert.Null(worker.Error);
        }

        Assert.True(tookMeanwhile, "nothing was taken while a batch committed");
        // Batch 1 went in with the offsets of its own lines, none of those taken into batch 2 meanwhile.
        Assert.Equal(1, beforeSecond!.Batch);
        Assert.Equal(beforeSecond.Totals.Lines, beforeSecond.KafkaOffsets.Values.Sum());
        Assert.True(beforeSecond.Totals.Lines < takenBeforeSecond, $"{beforeSecond.Totals.Lines} in the lake, {takenBeforeSecond} taken");
        Assert.Equal(kafka.Ends, Progress(dir["lake"]).KafkaOffsets);
        LakeAssert.ExactlyOnce(dir["lake"], generated);
    }

    [Fact]
    public void Run_CommitFailsWhileNextBatchIsTaken_NextBatchNotCommittedAndNextWorkerFinishes()
    {
        using var dir = new TempFolder();
        var (generated, kafka) = Setup(dir);
        var disk = new FaultInjectingFileSystem();
        WorkerRunner? worker = null;
        var commits = 0;
        disk.BeforeStep = step =>
        {
            if (IsTouchpointsCommit(step) && Interlocked.Increment(ref commits) == 2)
            {
                // Batch 2's commit dies once batch 3 has lines.
                SpinWait.SpinUntil(() => worker!.Status.Lines >= 1_000, Overlap);
                throw new SimulatedCrashException(disk.Operations, step);
            }
        };

        Exception? error;
        long taken;
        using (worker = new WorkerRunner(Options, kafka, dir["lake"], disk, Batches, NoHousekeeping(dir["lake"])))
        {
            error = worker.WaitForExit(Patience);
            taken = worker.Status.Lines;
        }

        Assert.IsType<SimulatedCrashException>(error);
        // Only batch 1 is in, whole: neither batch 2 nor what batch 3 had taken.
        var progress = Progress(dir["lake"]);
        Assert.Equal(1, progress.Batch);
        Assert.Equal(progress.KafkaOffsets.Values.Sum(), progress.Totals.Lines);
        Assert.True(taken >= 1_000, $"{taken} taken");
        using (var duck = new DuckLake(dir["lake"]))
        {
            Assert.Equal(progress.Totals.Accepted, duck.Count(TableNames.Touchpoints));
        }

        var again = Setup(dir, write: false).Kafka;
        using (worker = new WorkerRunner(Options, again, dir["lake"], options: Batches, lakeOptions: NoHousekeeping(dir["lake"])))
        {
            ReadToTheEnd(again, worker);
        }

        LakeAssert.ExactlyOnce(dir["lake"], generated);
    }

    [Fact]
    public void Run_IoErrorInCommitWhileNextBatchIsTaken_RetriedAndEveryMessageOnce()
    {
        using var dir = new TempFolder();
        var (generated, kafka) = Setup(dir);
        var disk = new FaultInjectingFileSystem();
        WorkerRunner? worker = null;
        var commits = 0;
        var failed = false;
        disk.BeforeStep = step =>
        {
            if (IsTouchpointsCommit(step) && Interlocked.Increment(ref commits) == 2)
            {
                // Batch 2's commit meets a full disk once batch 3 has lines; its retry goes through.
                failed = SpinWait.SpinUntil(() => worker!.Status.Lines >= 1_000, Overlap);
                throw new IOException("injected: disk full");
            }
        };

        using (worker = new WorkerRunner(Options, kafka, dir["lake"], disk, Batches, NoHousekeeping(dir["lake"])))
        {
            ReadToTheEnd(kafka, worker);
            Assert.Null(worker.Error);
        }

        Assert.True(failed, "batch 3 took nothing while batch 2 committed");
        Assert.Single(kafka.Consumers);
        Assert.Equal(kafka.Ends, Progress(dir["lake"]).KafkaOffsets);
        LakeAssert.ExactlyOnce(dir["lake"], generated);
    }

    /// <summary>
    /// No snapshot tables between batches: a batch followed by housekeeping has nothing taken while it commits, and these
    /// tests hold a commit until the next batch has lines.
    /// </summary>
    private static LakeOptions NoHousekeeping(string lake) => new() { Root = lake, SnapshotInterval = TimeSpan.FromHours(1) };

    /// <summary>
    /// A pseudonymised lake: the tokens batch 2 notes while batch 1 writes its own to the restricted table ahead of its
    /// commit are written with batch 2, so a replay of the touchpoints (no identity checkpoint) finds every token.
    /// </summary>
    [Fact]
    public async Task Run_PseudonymisedNextBatchTakenWhileOneCommits_ReplayFindsEveryToken()
    {
        using var dir = new TempFolder();
        var (generated, kafka) = Setup(dir);
        var privacy = new PrivacyOptions { Key = LakeBuilder.Key().Key, Pseudonymise = true };
        var disk = new FaultInjectingFileSystem();
        WorkerRunner? worker = null;
        var tookMeanwhile = false;
        var held = 0;
        disk.BeforeStep = step =>
        {
            if (step.StartsWith("publish ", StringComparison.Ordinal) && step.Contains($"{IdentifierVault.TableName}/_delta_log/", StringComparison.Ordinal) &&
                Interlocked.Increment(ref held) == 1)
            {
                tookMeanwhile = SpinWait.SpinUntil(() => worker!.Status.Lines >= 600, Overlap);
            }
        };

        using (worker = new WorkerRunner(Options, kafka, dir["lake"], disk, Batches, NoHousekeeping(dir["lake"]), privacy))
        {
            ReadToTheEnd(kafka, worker);
            Assert.Null(worker.Error);
        }

        Assert.True(tookMeanwhile, "nothing was taken while a batch committed");
        Directory.Delete(dir[$"lake/{IdentityCheckpoints.FolderName}"], recursive: true);
        var lake = LakeBuilder.Context(dir["lake"]);
        var vault = await LakePrivacy.Open(lake, privacy).OpenVaultAsync(CancellationToken.None);
        var touchpoints = (await lake.OpenTableAsync(TableNames.Touchpoints, CancellationToken.None)).Snapshot;
        using var replayed = await IdentityState.LoadAsync(lake, touchpoints, new IdentityRules(), TestLog.Create("replay"), null, CancellationToken.None, vault);
        Assert.Equal(Progress(dir["lake"]).Batch, replayed.Batch);
        Assert.Equal(kafka.Ends, Progress(dir["lake"]).KafkaOffsets);
        Assert.Equal(generated.Lines, Progress(dir["lake"]).Totals.Lines);
    }

    /// <summary>A commit of the touchpoints table (a batch's group commit; the lake is new, so batch n is the n-th).</summary>
    private static bool IsTouchpointsCommit(string step) =>
        step.StartsWith("publish ", StringComparison.Ordinal) &&
        step.Contains($"{TableNames.Touchpoints}/_delta_log/", StringComparison.Ordinal) && step.EndsWith(".json", StringComparison.Ordinal);

    private static (GenerationSummary Generated, FakeKafka Kafka) Setup(TempFolder dir, bool write = true)
    {
        var generated = write ? Datasets.Write(dir["data"], Data) : null!;
        return (generated, FakeKafka.Spread(Lines.Of(dir["data/events.ndjson"]), Partitions));
    }

    /// <summary>Waits until the worker's current consumer has read every partition to its end, then stops it (committing the rest).</summary>
    private static void ReadToTheEnd(FakeKafka kafka, WorkerRunner worker)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (kafka.Consumers is not [.., { AtEnd: true }])
        {
            if (worker.Error is not null)
            {
                throw new InvalidOperationException("the worker failed", worker.Error);
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not read to the end: {kafka.Delivered} delivered, {worker.Status.Commits} commits, state {worker.Status.State}");
            }

            Thread.Sleep(20);
        }

        worker.Stop();
    }

    private static LakeProgress Progress(string lake) =>
        LakeProgress.Of(LakeReader.ReadAsync(lake, CancellationToken.None).GetAwaiter().GetResult()[TableNames.Touchpoints]!);

    /// <summary>The batches in the lake (0 before the first commit made the tables).</summary>
    private static long CommittedBatches(string lake) =>
        LakeReader.ReadAsync(lake, CancellationToken.None).GetAwaiter().GetResult()[TableNames.Touchpoints] is { } touchpoints
            ? LakeProgress.Of(touchpoints).Batch
            : 0;
}
