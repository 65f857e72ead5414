using System.Globalization;
using ProfileUnifier.Synthetic;
using ProfileUnifier.Testing;
using Xunit.Abstractions;

namespace ProfileUnifier.Tests;

/// <summary>
/// Issue 15, item 7: <c>ingest</c> and <c>run</c> of the built executable killed with SIGKILL at random moments (before the
/// first commit, between commits, inside one), restarted after each kill, then read back with DuckDB over the Delta live
/// files: every input line exactly once, and identity tables equal to an uninterrupted run's. The suite runs a few kills;
/// <c>scripts/torture.sh</c> runs the same tests with <c>TORTURE_KILLS</c> (30 or more) and more data.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class TortureTests(KafkaFixture kafka, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);
    private static readonly TortureSettings Settings = TortureSettings.FromEnvironment();

    [Fact]
    public void Ingest_KilledAtRandomMomentsAndRestarted_EveryLineOnceAndIdentitiesAsUninterrupted()
    {
        using var dir = new TempFolder();
        var generated = Datasets.Write(dir["data"], Settings.Data);
        string[] inputs = [dir["data/events.ndjson"]];
        // Small commits: many of them, so kills land between and inside commits, not only at start-up.
        var settings = new Dictionary<string, string> { ["PROFILEUNIFIER_Lake__MaxRowsPerCommit"] = "200" };
        using (var uninterrupted = CliProcess.Ingest(dir["reference"], inputs, settings))
        {
            Finish(uninterrupted, "the uninterrupted ingest");
        }

        var random = new Random(Settings.Seed);
        for (var kill = 1; kill <= Settings.Kills; kill++)
        {
            using var ingest = CliProcess.Ingest(dir["lake"], inputs, settings);
            Report(kill, KillAtRandomMoment(ingest, dir["lake"], random));
        }

        using (var last = CliProcess.Ingest(dir["lake"], inputs, settings))
        {
            Finish(last, "the ingest after the kills");
        }

        LakeAssert.ExactlyOnce(dir["lake"], generated);
        Assert.Equal(LakeAssert.IdentityTables(dir["reference"]), LakeAssert.IdentityTables(dir["lake"]));
    }

    [Fact]
    public async Task Run_KilledAtRandomMomentsAndRestarted_EveryEventOnceAndIdentitiesAsUninterrupted()
    {
        using var dir = new TempFolder();
        var generated = Datasets.Write(dir["data"], Settings.Data);
        var scenario = await new KafkaScenario(kafka.Broker).CreateAsync();
        await RunVerbTests.ProduceAllAsync(scenario, dir["data/events.ndjson"]);
        var ends = scenario.EndOffsets();
        var settings = new Dictionary<string, string> { ["PROFILEUNIFIER_Worker__MaxBatchLines"] = "200" };
        using (var uninterrupted = CliProcess.Run(scenario, dir["reference"], settings, groupId: scenario.GroupId + "-uninterrupted"))
        {
            Stop(uninterrupted, dir["reference"], ends, "the uninterrupted worker");
        }

        var random = new Random(Settings.Seed);
        for (var kill = 1; kill <= Settings.Kills; kill++)
        {
            using var worker = CliProcess.Run(scenario, dir["lake"], settings);
            Report(kill, KillAtRandomMoment(worker, dir["lake"], random));
            Assert.False(RunVerbTests.CaughtUp(dir["lake"], ends), $"the worker caught up before kill {kill}: use more data (TORTURE_EVENTS)");
        }

        using (var last = CliProcess.Run(scenario, dir["lake"], settings))
        {
            Stop(last, dir["lake"], ends, "the worker after the kills");
        }

        LakeAssert.ExactlyOnce(dir["lake"], generated);
        Assert.Equal(LakeAssert.IdentityTables(dir["reference"]), LakeAssert.IdentityTables(dir["lake"]));
    }

    /// <summary>
    /// SIGKILL at a random moment: one kill in five at a random time from the start (start-up, lease, state loading, the first
    /// batch); the others a random 0–250 ms after the process's first, second or third commit (a commit takes about that long,
    /// so they land between commits and inside them). Returns where it landed.
    /// </summary>
    private static string KillAtRandomMoment(CliProcess process, string lake, Random random)
    {
        var before = Commits(lake);
        string moment;
        if (random.Next(5) == 0)
        {
            var delay = random.Next(100, 1_500);
            Thread.Sleep(delay);
            moment = $"{delay} ms after start";
        }
        else
        {
            var nth = random.Next(1, 4);
            var delay = random.Next(0, 250);
            // Polled every few milliseconds, so the delay counts from the commit, not from a coarse tick after it.
            var deadline = DateTime.UtcNow + Patience;
            while (Commits(lake) < before + nth && !process.HasExited && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(3);
            }

            Thread.Sleep(delay);
            moment = $"{delay} ms after commit {nth}";
        }

        Assert.False(process.HasExited, $"the process ended by itself ({moment}; seed {Settings.Seed}): use more data (TORTURE_EVENTS)\n{process.Output}");
        process.Kill();
        process.WaitForExit(TimeSpan.FromSeconds(10));
        return $"{moment}, {Commits(lake) - before} commits by this process";
    }

    private static void Finish(CliProcess process, string what)
    {
        Assert.True(process.WaitForExit(Patience), $"{what} did not end: {process.Output}");
        Assert.True(process.ExitCode == 0, $"{what}: exit {process.ExitCode}: {process.Output}");
    }

    private static void Stop(CliProcess worker, string lake, IReadOnlyDictionary<(string Topic, int Partition), long> ends, string what)
    {
        CliProcess.WaitUntil(() => RunVerbTests.CaughtUp(lake, ends), Patience, () => $"{what} did not catch up: {worker.Output}");
        worker.Terminate();
        Finish(worker, what);
    }

    /// <summary>Commits of the touchpoints table so far, from the names in its Delta log (cheap enough to poll).</summary>
    private static int Commits(string lake)
    {
        var log = Path.Combine(lake, "touchpoints", "_delta_log");
        return Directory.Exists(log) ? Directory.GetFiles(log, "*.json").Length : 0;
    }

    private void Report(int kill, string moment) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"kill {kill}/{Settings.Kills} (seed {Settings.Seed}): {moment}"));

    /// <summary>The suite's size by default; scripts/torture.sh sets the environment variables for the long run.</summary>
    private sealed record TortureSettings(int Kills, int Seed, GeneratorOptions Data)
    {
        public static TortureSettings FromEnvironment()
        {
            static int Read(string name, int fallback) =>
                int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : fallback;

            // Enough that four kills (each up to ~1.5 s or a few commits in) leave input for the next: the seed is random.
            // An ingest now takes ~7,600 lines in its first 1.4 s (its start-up compiled in the background, rows built
            // beside the engine), so four kills by time could take ~34k: 16k ran out at seed 893386.
            var events = Read("TORTURE_EVENTS", 40_000);
            return new TortureSettings(Read("TORTURE_KILLS", 4), Read("TORTURE_SEED", Random.Shared.Next(1_000_000)),
                new GeneratorOptions { Accounts = Math.Max(30, events / 200), Events = events, Days = 30, Seed = 11 });
        }
    }
}
