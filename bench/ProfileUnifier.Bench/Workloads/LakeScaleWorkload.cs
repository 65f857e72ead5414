using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using ProfileUnifier.Bench.Report;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Ingestion.Pipeline;
using ProfileUnifier.Lake;
using ProfileUnifier.Lake.Groups;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Bench.Workloads;

/// <summary>
/// Rows 8 and 9: what a commit and a start cost as the lake grows. Two lakes of the same population (a steady
/// business: one year of its events, and ten), each then taking the same kind of batch — the next events of that
/// population, drawn at random over its people. Per lake: the batch commit (touchpoints, rejected, merges), the
/// snapshot tables' refresh with the identity checkpoint (on their own cadence), a cold start from the lake, and a
/// standby's takeover from its followed state. The goal: the big lake within 1.5× of the small one.
/// </summary>
public static class LakeScaleWorkload
{
    public static async Task<List<ResultRow>> RunAsync(BenchContext ctx)
    {
        var results = new List<(int Events, Scale Scale)>();
        foreach (var events in ctx.Size.LakeEvents)
        {
            results.Add((events, await MeasureAsync(ctx, events)));
        }

        var (smallEvents, small) = results[0];
        var rows = new List<ResultRow>();
        foreach (var (events, scale) in results.Skip(1))
        {
            var input = $"{ctx.Size.BatchEvents:N0}-event batch; lakes of {smallEvents:N0} and {events:N0} events, {ctx.Size.LakeAccounts:N0} companies";
            rows.Add(Row("8", "batch commit (touchpoints, rejected, merges)", input, "ms", scale.Commit, small.Commit,
                $"bytes written per commit {scale.CommitBytes:N0} (small lake: {small.CommitBytes:N0})"));
            rows.Add(Row("8", "snapshot tables refresh + identity checkpoint (every Lake:SnapshotInterval, not per commit)", input, "ms",
                scale.Refresh, small.Refresh, $"bytes written {scale.RefreshBytes:N0} (small lake: {small.RefreshBytes:N0}); the big lake's identifiers: {scale.Identifiers:N0} (small: {small.Identifiers:N0})"));
            rows.Add(Row("9", "start: identity state from the lake (checkpoint + later batches)", input, "ms", scale.Start, small.Start, ""));
            rows.Add(Row("9", "takeover: a following standby opens and commits its first batch", input, "ms", scale.Takeover, small.Takeover,
                "from the standby getting the lease to its first commit; a killed worker's lease runs out after Worker:LeaseTime (5 s) first"));
        }

        return rows;
    }

    /// <summary>Ours is the big lake, the "peer" the small one: the ratio is how much the cost grew.</summary>
    private static ResultRow Row(string row, string workload, string input, string unit, Figure big, Figure small, string note) =>
        new(row, workload, input, unit, big, "the same in the small lake", small, "big lake ≤ 1.5× small lake", big.Median <= 1.5 * small.Median, note);

    private static async Task<Scale> MeasureAsync(BenchContext ctx, int events)
    {
        var repeats = ctx.Size.Repeats;
        var batch = ctx.Size.BatchEvents;
        var file = ctx.Events(events + (batch * (repeats + 1)), ctx.Size.LakeAccounts);
        var folder = ctx.Scratch($"scale-{events}");
        var (history, batches) = Split(file, folder, events, batch, repeats + 1);
        var options = new LakeOptions
        {
            Root = Path.Combine(folder, "lake"),
            // Refreshes and compaction are timed on their own: none inside a commit.
            SnapshotInterval = TimeSpan.FromDays(1),
            EngineCheckpointInterval = 100_000,
            CompactionInterval = TimeSpan.Zero,
            VacuumInterval = TimeSpan.Zero,
        };
        ctx.Log.WriteLine($"  lake scale: ingesting {events:N0} events of {ctx.Size.LakeAccounts:N0} companies");
        await LakeBuilder.IngestAsync(options.Root, [history], options: options);
        var lake = LakeBuilder.Context(options.Root, options: options);
        var rules = new IdentityRules();
        var ingest = new IngestOptions();

        var start = await Measurement.TimeAsync(repeats, async () =>
            await LakeIngestor.OpenAsync(lake, rules, ingest, WriterIdentity.New(), NullLogger.Instance, null, CancellationToken.None));

        var standby = await StandbyAsync(lake, rules);
        var ingestor = await LakeIngestor.OpenAsync(lake, rules, ingest, WriterIdentity.New(), NullLogger.Instance, null, CancellationToken.None);
        var commits = new List<double>();
        var refreshes = new List<double>();
        long commitBytes = 0, refreshBytes = 0;
        foreach (var lines in batches.Take(repeats))
        {
            foreach (var (line, n) in lines.Select((l, i) => (l, i)))
            {
                ingestor.Offer(line, line.Length, SourcePosition.InFile("bench", n));
            }

            var before = await LakeBytesAsync(lake);
            var watch = Stopwatch.StartNew();
            await ingestor.CommitAsync([], [], CancellationToken.None);
            commits.Add(watch.Elapsed.TotalSeconds);
            commitBytes = await LakeBytesAsync(lake) - before;
            before = await LakeBytesAsync(lake);
            watch.Restart();
            await ingestor.MaintainAsync(Maintenance.Shutdown, CancellationToken.None);
            refreshes.Add(watch.Elapsed.TotalSeconds);
            refreshBytes = await LakeBytesAsync(lake) - before;
        }

        // The standby followed the log all along; it takes over and commits the next batch.
        await standby.Follow();
        var takeover = Stopwatch.StartNew();
        var successor = await LakeIngestor.OpenAsync(lake, rules, ingest, WriterIdentity.New(), NullLogger.Instance, null, CancellationToken.None,
            standby.State);
        foreach (var (line, n) in batches[^1].Select((l, i) => (l, i)))
        {
            successor.Offer(line, line.Length, SourcePosition.InFile("bench-successor", n));
        }

        await successor.CommitAsync([], [], CancellationToken.None);
        var takeoverSeconds = takeover.Elapsed.TotalSeconds;
        var identifiers = successor.Statistics.Identifiers;
        Directory.Delete(folder, recursive: true);
        return new Scale(Spread(start.Seconds), Spread(commits), commitBytes, Spread(refreshes), refreshBytes,
            Figure.Single(takeoverSeconds * 1000), identifiers);
    }

    /// <summary>The lake's history (the first lines) and the batches after it.</summary>
    private static (string History, List<List<byte[]>> Batches) Split(string file, string folder, int events, int batch, int count)
    {
        var lines = File.ReadLines(file).ToList();
        var history = Path.Combine(folder, "history.ndjson");
        File.WriteAllLines(history, lines.Take(lines.Count - (batch * count)));
        var batches = Enumerable.Range(0, count)
            .Select(b => lines.Skip(lines.Count - (batch * (count - b))).Take(batch).Select(System.Text.Encoding.UTF8.GetBytes).ToList())
            .ToList();
        return (history, batches);
    }

    private static async Task<(IdentityState State, Func<Task> Follow)> StandbyAsync(LakeContext lake, IdentityRules rules)
    {
        var touchpoints = await lake.OpenTableAsync(TableNames.Touchpoints, CancellationToken.None);
        var state = await IdentityState.LoadAsync(lake, touchpoints.Snapshot, rules, NullLogger.Instance, null, CancellationToken.None);
        return (state, async () =>
        {
            await touchpoints.RefreshAsync(CancellationToken.None);
            await state.CatchUpAsync(touchpoints.Snapshot, CancellationToken.None);
        });
    }

    /// <summary>Bytes of every file the lake's current versions name, plus the logs and identity checkpoints.</summary>
    private static Task<long> LakeBytesAsync(LakeContext lake) =>
        Task.FromResult(Directory.EnumerateFiles(lake.Root, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length));

    /// <summary>Milliseconds, min / median / max.</summary>
    private static Figure Spread(IReadOnlyList<double> seconds) => new(seconds.Min() * 1000, new Measurement(seconds).Median * 1000, seconds.Max() * 1000);

    private sealed record Scale(Figure Start, Figure Commit, long CommitBytes, Figure Refresh, long RefreshBytes, Figure Takeover, long Identifiers);
}
