using System.Globalization;
using ProfileUnifier.Ingestion.Kafka;
using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Groups;
using ProfileUnifier.Lake.Reading;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Synthetic;
using ProfileUnifier.Testing;
using Xunit.Abstractions;

namespace ProfileUnifier.Tests;

/// <summary>
/// Issue 15, item 8: mutated lines (truncations, bit flips, invalid UTF-8, huge numbers and strings, deep nesting, duplicate
/// keys, NUL bytes, splices, a 10 MB line) through the built executable's <c>ingest</c> and, as Kafka messages, its <c>run</c>:
/// no crash, and every line accounted for (accepted + rejected + redeliveries = lines read, the lake's tables read back with
/// DuckDB agreeing). The suite pushes 20,000 lines each way; <c>scripts/fuzz.sh</c> sets <c>FUZZ_LINES</c> (100,000 or more).
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class FuzzTests(KafkaFixture kafka, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);
    private static readonly int Count = Read("FUZZ_LINES", 20_000);
    private static readonly int Seed = Read("FUZZ_SEED", Random.Shared.Next(1_000_000));

    [Fact]
    public async Task Ingest_FuzzedLines_NoCrashAndEveryLineAccountedFor()
    {
        using var dir = new TempFolder();
        var lines = Fuzzed(dir, hugeLines: 1);
        Directory.CreateDirectory(dir["fuzz"]);
        await using (var file = File.Create(dir["fuzz/fuzz.ndjson"]))
        {
            foreach (var (_, line) in lines)
            {
                file.Write(line);
                file.WriteByte((byte)'\n');
            }
        }

        using var ingest = CliProcess.Ingest(dir["lake"], [dir["fuzz"]], new Dictionary<string, string>());

        Assert.True(ingest.WaitForExit(Patience), "ingest did not end: " + ingest.Output);
        Assert.True(ingest.ExitCode == 0, $"exit {ingest.ExitCode}: {ingest.Output}");
        Assert.DoesNotContain("   at ", ingest.Output, StringComparison.Ordinal);
        var totals = AssertAccountedFor(dir["lake"], lines.Count);
        // Bounded: a batch of lines at a time and no line over the 1 MiB limit held whole, whatever the file's size.
        output.WriteLine($"ingest peak RSS {ingest.PeakResidentBytes / (1024 * 1024)} MiB");
        Assert.InRange(ingest.PeakResidentBytes, 1, 1024L * 1024 * 1024);
        Assert.True(totals.Rejected >= 1, "the 10 MB line was not rejected");
        Assert.True(totals.Accepted > 0, "nothing was accepted: the fuzzer mutates too much to test the accepted path");
    }

    /// <summary>
    /// The same lines (but the 10 MB one: a Kafka message is at most 1 MB) as messages to <c>run</c>; the outcome of a line does
    /// not depend on the path it came by, so the counts must equal those of an ingest of the same lines.
    /// </summary>
    [Fact]
    public async Task Run_FuzzedMessages_NoCrashAndTheSameCountsAsIngest()
    {
        using var dir = new TempFolder();
        var lines = Fuzzed(dir, hugeLines: 0);
        var scenario = await new KafkaScenario(kafka.Broker).CreateAsync();
        using var worker = CliProcess.Run(scenario, dir["lake"]);
        using (var producer = scenario.Producer())
        {
            // Paced on what the lake committed: the embedded broker keeps only about 5 MiB a partition.
            await new PacedProducer(producer, () => CliProcess.CommittedOffsets(dir["lake"]), topicOf: scenario.TopicOf)
                .ProduceAsync(lines.Select(l => l.Line), null, CancellationToken.None);
        }

        var ends = scenario.EndOffsets();
        CliProcess.WaitUntil(() => RunVerbTests.CaughtUp(dir["lake"], ends) || worker.HasExited, Patience, () => "not caught up: " + worker.Output);
        worker.Terminate();
        Assert.True(worker.WaitForExit(TimeSpan.FromSeconds(60)), "SIGTERM did not stop the worker");
        Assert.True(worker.ExitCode == 0, $"exit {worker.ExitCode}: {worker.Output}");
        Assert.DoesNotContain("   at ", worker.Output, StringComparison.Ordinal);
        var totals = AssertAccountedFor(dir["lake"], lines.Count);
        output.WriteLine($"run peak RSS {worker.PeakResidentBytes / (1024 * 1024)} MiB");
        Assert.InRange(worker.PeakResidentBytes, 1, 1024L * 1024 * 1024);

        await File.WriteAllBytesAsync(dir["fuzz.ndjson"], [.. lines.SelectMany(l => l.Line.Append((byte)'\n'))]);
        var ingested = await LakeBuilder.IngestAsync(dir["ingested"], [dir["fuzz.ndjson"]]);
        Assert.Equal((ingested.Lines, ingested.Accepted, ingested.Rejected, ingested.Redeliveries),
            (totals.Lines, totals.Accepted, totals.Rejected, totals.Redeliveries));
    }

    /// <summary>The lake's running totals reconcile with exactly the lines sent, and the tables as DuckDB reads them agree.</summary>
    private BatchCounts AssertAccountedFor(string lake, long sent)
    {
        var version = LakeReader.ReadAsync(lake, CancellationToken.None).GetAwaiter().GetResult();
        var totals = LakeProgress.Of(version[TableNames.Touchpoints]!).Totals;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"seed {Seed}: {totals.Lines} lines, {totals.Accepted} accepted, {totals.Rejected} rejected, {totals.Redeliveries} redeliveries"));
        Assert.Equal(sent, totals.Lines);
        Assert.True(totals.IsReconciled, $"not reconciled: {totals}");
        using var duck = new DuckLake(lake);
        Assert.Equal(totals.Accepted, duck.Count(TableNames.Touchpoints));
        Assert.Equal(totals.Accepted, duck.Scalar<long>($"SELECT count(DISTINCT event_id) FROM {duck.Table(TableNames.Touchpoints)}"));
        Assert.Equal(totals.Rejected, duck.Count(TableNames.Rejected));
        Assert.Equal(0, duck.Count(TableNames.Rejected, "reason IS NULL OR reason = '' OR reason_code IS NULL"));
        return totals;
    }

    private List<(Mutation Kind, byte[] Line)> Fuzzed(TempFolder dir, int hugeLines)
    {
        Datasets.Write(dir["seed"], new GeneratorOptions { Accounts = 40, Events = 3_000, Days = 30, Seed = 5 });
        var good = Lines.Of(dir["seed/events.ndjson"]).Where(l => l.Length > 1).ToList();
        var lines = new LineFuzzer(good, Seed).Lines(Count, hugeLines);
        output.WriteLine($"seed {Seed}: " + string.Join(", ", lines.GroupBy(l => l.Kind).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}")));
        return lines;
    }

    private static int Read(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
