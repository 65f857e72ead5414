using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Groups;
using ProfileUnifier.Lake.Reading;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Synthetic;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Tests;

/// <summary>`profileunifier forget`: next to a running worker (it hands the lake over and takes it back), and its refusals.</summary>
[Collection(KafkaCollection.Name)]
public sealed class ForgetVerbTests(KafkaFixture kafka)
{
    private const string Key = "forget-verb-test-key-0123456789abcdef0123";
    private static readonly GeneratorOptions Data = new() { Accounts = 30, Events = 4_000, Days = 30, Seed = 21 };
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private static readonly Dictionary<string, string> WithKey = new() { ["PROFILEUNIFIER_Privacy__Key"] = Key };

    // The worker refreshes the identity tables after every commit (the test reads the person from them).
    private static readonly Dictionary<string, string> Worker = new(WithKey) { ["PROFILEUNIFIER_Lake__SnapshotInterval"] = "00:00:00" };

    /// <summary>
    /// The whole story through Kafka: a worker writes the lake, forget takes it over for the erasure, the worker takes it back,
    /// and the person's events produced again are suppressed — counted, and nowhere in the lake.
    /// </summary>
    [Fact]
    public async Task Forget_WhileAWorkerRuns_HandOverEraseAndReplayStaysOut()
    {
        using var dir = new TempFolder();
        var generated = Datasets.Write(dir["data"], Data);
        var scenario = await new KafkaScenario(kafka.Broker).CreateAsync();
        await RunVerbTests.ProduceAllAsync(scenario, dir["data/events.ndjson"]);
        var ends = scenario.EndOffsets();
        using var worker = CliProcess.Run(scenario, dir["lake"], Worker);
        CliProcess.WaitUntil(() => RunVerbTests.CaughtUp(dir["lake"], ends), Patience, () => "not caught up: " + worker.Output);
        var person = Subject.MostActive(dir["lake"]);
        var theirs = person.LinesIn(dir["data/events.ndjson"]);

        var forget = await Cli.ProcessAsync(dir.Path, WithKey, "forget", "--lake", dir["lake"], "--email", person.Email, "--reason", "ticket-7");

        Assert.True(forget.Exit == 0, $"exit {forget.Exit}: {forget.Error}\nworker: {worker.Output}");
        Assert.Contains("forgot the person", forget.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(person.Email, forget.Out + forget.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Handing the lake over", worker.Output, StringComparison.Ordinal);
        var before = Totals(dir["lake"]);
        await RunVerbTests.ProduceAllAsync(scenario, [.. theirs.Select(System.Text.Encoding.UTF8.GetBytes)]);
        var replayed = scenario.EndOffsets();
        CliProcess.WaitUntil(() => RunVerbTests.CaughtUp(dir["lake"], replayed), Patience, () => "the worker did not take the lake back: " + worker.Output);
        worker.Terminate();
        Assert.True(worker.WaitForExit(TimeSpan.FromSeconds(30)), "SIGTERM did not stop the worker");

        Assert.Empty(LakeDisk.FindAnywhere(dir["lake"], [.. person.Identifiers, person.ProfileId]));
        // Nothing the worker logged above Debug names them (item 6).
        Assert.DoesNotContain(person.Identifiers, i => worker.Output.Contains(i, StringComparison.OrdinalIgnoreCase));
        var after = Totals(dir["lake"]);
        Assert.Equal(generated.Lines + theirs.Count, after.Lines);
        Assert.True(after.IsReconciled, after.ToString());
        Assert.Equal(before.Accepted, after.Accepted);
        Assert.True(after.Suppressed - before.Suppressed >= person.Events, $"{after.Suppressed - before.Suppressed} suppressed, {person.Events} events");
    }

    private static BatchCounts Totals(string lake) =>
        LakeProgress.Of(LakeReader.ReadAsync(lake, CancellationToken.None).GetAwaiter().GetResult()[TableNames.Touchpoints]!).Totals;

    [Theory]
    [InlineData(false, "--email", "nobody@example.org", 5, "no profile has --email n")]
    [InlineData(true, "--email", "info@romashka.ru", 2, "role mailbox")]
    [InlineData(true, "--phone", "not a phone", 2, "--phone")]
    public async Task Forget_BadRequests_OneSentenceAndTheExitCode(bool withKey, string option, string value, int exit, string expected)
    {
        using var dir = new TempFolder();
        Datasets.Write(dir["data"], new GeneratorOptions { Accounts = 5, Events = 300, Days = 30, Seed = 3 });
        await LakeBuilder.IngestAsync(dir["lake"], [dir["data/events.ndjson"]]);
        var env = withKey ? WithKey : new Dictionary<string, string> { ["PROFILEUNIFIER_Privacy__Key"] = "" };

        var result = await Cli.ProcessAsync(dir.Path, env, "forget", "--lake", dir["lake"], option, value);

        Assert.Equal(withKey ? exit : 2, result.Exit);
        // One sentence (the other lines on stderr are the log's, each with its time and level).
        var message = Assert.Single(result.Error.Split('\n'), l => l.StartsWith("error:", StringComparison.Ordinal) || l.StartsWith("not found:", StringComparison.Ordinal));
        Assert.Contains(withKey ? expected : "needs the lake's privacy key", message, StringComparison.Ordinal);
        Assert.All(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l != message), l => Assert.Matches(@"^\d\d:\d\d:\d\d (info|warn) ", l));
    }
}
