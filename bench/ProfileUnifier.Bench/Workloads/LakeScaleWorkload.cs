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
        var lakes = new List<ScaleLake>();
        foreach (var events in ctx.Size.LakeEvents)
        {
            lakes.Add(await PrepareAsync(ctx, events));
        }

        var scales = await MeasureAsync(ctx, lakes);
        foreach (var lake in lakes)
        {
            Directory.Delete(lake.Folder, recursive: true);
        }

        var results = lakes.Zip(scales, (lake, scale) => (lake.Events, Scale: scale)).ToList();
        var (smallEvents, small) = results[0];
        var rows = new List<ResultRow>();
        foreach (var (events, scale) in results.Skip(1))
        {
            var input = $"{ctx.Size.BatchEvents:N0}-event batch; lakes of {smallEvents:N0} and {events:N0} events, {ctx.Size.LakeAccounts:N0} companies";
            rows.Add(Row("8", "batch commit (touchpoints, rejected, merges)", input, "ms", scale.Commit, small.Commit,
                $"bytes written per commit {scale.CommitBytes:N0} (small lake: {small.CommitBytes:N0})"));
            rows.Add(Row("8", "snapshot tables refresh + identity checkpoint (every Lake:SnapshotInterval, not per commit)", input, "ms",
                scale.Refresh, small.Refresh, $"the process's CPU time a refresh, median {scale.RefreshCpu:N0} ms (small lake: {small.RefreshCpu:N0}); page faults a refresh (first touches of fresh memory), median {scale.RefreshFaults:N0} (small lake: {small.RefreshFaults:N0}); bytes written {scale.RefreshBytes:N0} (small lake: {small.RefreshBytes:N0}); the big lake's identifiers: {scale.Identifiers:N0} (small: {small.Identifiers:N0}); " +
                $"not in the figure, the first refresh after a start, which also makes the archived orders' totals by signature that later ones keep up: {scale.FirstRefresh:N0} ms (small lake: {small.FirstRefresh:N0})"));
            rows.Add(Row("9", "start: identity state from the lake (checkpoint + later batches)", input, "ms", scale.Start, small.Start, ""));
            rows.Add(Row("9", $"takeover: a following standby opens and commits its first batch ({Takeovers(ctx)} a lake, the lakes in turn)", input, "ms",
                scale.Takeover, small.Takeover,
                $"from the standby getting the lease to its first commit (here {scale.TakeoverSteps}; small lake: {small.TakeoverSteps}); " +
                "a killed worker's lease runs out after Worker:LeaseTime (5 s) first"));
        }

        return rows;
    }

    /// <summary>Ours is the big lake, the "peer" the small one: the ratio is how much the cost grew.</summary>
    private static ResultRow Row(string row, string workload, string input, string unit, Figure big, Figure small, string note) =>
        new(row, workload, input, unit, big, "the same in the small lake", small, "big lake ≤ 1.5× small lake", big.Median <= 1.5 * small.Median, note);

    /// <summary>
    /// Batches committed and refreshed in each lake, timed: three times the runs of the other rows. A refresh takes ~150 ms
    /// in the small lake, and with three a lake the ratio of the medians moved by a third from one run of the bench to
    /// the next (1.32-2.20× over one evening, for the same build).
    /// </summary>
    private static int TimedBatches(BenchContext ctx) => ctx.Size.Repeats * 3;

    /// <summary>
    /// Takeovers a lake, the lakes in turn: one a lake gave a single figure, and the first takeover in the process (the
    /// small lake's) also compiled what the later ones ran.
    /// </summary>
    private static int Takeovers(BenchContext ctx) => ctx.Size.Repeats;

    /// <summary>A lake of <paramref name="events"/> events, ingested, and the batches that follow its history.</summary>
    private static async Task<ScaleLake> PrepareAsync(BenchContext ctx, int events)
    {
        var timed = TimedBatches(ctx);
        var batch = ctx.Size.BatchEvents;
        // A batch before the timed ones (the first refresh after a start also makes what later ones keep up), the timed
        // ones, and the takeovers'.
        var count = 1 + timed + Takeovers(ctx);
        var file = ctx.Events(events + (batch * count), ctx.Size.LakeAccounts);
        var folder = ctx.Scratch($"scale-{events}");
        var (history, batches) = Split(file, folder, events, batch, count);
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
        return new ScaleLake(events, folder, LakeBuilder.Context(options.Root, options: options), batches);
    }

    /// <summary>
    /// Every figure of every lake, the lakes in turn (small, big, small, big…) rather than one lake's figures and then the
    /// other's: the VM's speed drifts by tens of per cent over the minutes they take, which fell on one side (the same build
    /// gave a start 2.27× and 1.39× the small lake's, a refresh 1.95× and 1.33×, in two runs back to back).
    /// </summary>
    private static async Task<List<Scale>> MeasureAsync(BenchContext ctx, IReadOnlyList<ScaleLake> lakes)
    {
        var timed = TimedBatches(ctx);
        var rules = new IdentityRules();
        var ingest = new IngestOptions();

        // A start takes tens of milliseconds, as much as the VM's drift: as many runs as the batches timed, after one untimed
        // run that compiles the loading code.
        var starts = await Measurement.AlternateAsync(timed, [.. lakes.Select(l => new TimedRun<int>(() => Task.FromResult(0), async _ =>
            await LakeIngestor.OpenAsync(l.Lake, rules, ingest, WriterIdentity.New(), NullLogger.Instance, null, CancellationToken.None), Warmups: 1))]);

        // Standbys follow each lake from before its timed batches; each takes over in turn from the writer before it.
        var standbys = new List<Queue<(IdentityState State, Func<Task> Follow)>>();
        var ingestors = new List<LakeIngestor>();
        foreach (var l in lakes)
        {
            var queue = new Queue<(IdentityState State, Func<Task> Follow)>();
            for (var t = 0; t < Takeovers(ctx); t++)
            {
                queue.Enqueue(await StandbyAsync(l.Lake, rules));
            }

            standbys.Add(queue);
            ingestors.Add(await LakeIngestor.OpenAsync(l.Lake, rules, ingest, WriterIdentity.New(), NullLogger.Instance, null, CancellationToken.None));
        }

        // Untimed: a start's first refresh also makes the archived orders' totals by signature (OrderTotals), which every
        // later one keeps up; reported beside the figure.
        var firstRefreshes = new double[lakes.Count];
        for (var i = 0; i < lakes.Count; i++)
        {
            Offer(ingestors[i], lakes[i].Batches[0], "bench-first");

            await ingestors[i].CommitAsync([], [], CancellationToken.None);
            var first = Stopwatch.StartNew();
            await ingestors[i].MaintainAsync(Maintenance.Shutdown, CancellationToken.None);
            firstRefreshes[i] = first.Elapsed.TotalMilliseconds;
        }

        var commits = lakes.Select(_ => new List<double>()).ToArray();
        var refreshes = lakes.Select(_ => new List<double>()).ToArray();
        var refreshCpu = lakes.Select(_ => new List<double>()).ToArray();
        var refreshFaults = lakes.Select(_ => new List<double>()).ToArray();
        var commitBytes = new long[lakes.Count];
        var refreshBytes = new long[lakes.Count];
        for (var b = 0; b < timed; b++)
        {
            for (var i = 0; i < lakes.Count; i++)
            {
                var (lake, ingestor) = (lakes[i].Lake, ingestors[i]);
                Offer(ingestor, lakes[i].Batches[b + 1], "bench");

                var before = LakeFiles(lake);
                var watch = Stopwatch.StartNew();
                await ingestor.CommitAsync([], [], CancellationToken.None);
                commits[i].Add(watch.Elapsed.TotalSeconds);
                var committed = LakeFiles(lake);
                commitBytes[i] = BytesWritten(before, committed);
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var faults = PageFaults.Minor();
                watch.Restart();
                await ingestor.MaintainAsync(Maintenance.Shutdown, CancellationToken.None);
                refreshFaults[i].Add((double)(PageFaults.Minor() - faults ?? 0));
                refreshes[i].Add(watch.Elapsed.TotalSeconds);
                refreshCpu[i].Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
                refreshBytes[i] = BytesWritten(committed, LakeFiles(lake));
            }
        }

        // A standby that followed its lake's log all along takes over and commits the next batch, the lakes in turn.
        var takeovers = lakes.Select(_ => new List<double>()).ToArray();
        var steps = lakes.Select(_ => new List<TakeoverSteps>()).ToArray();
        var successors = ingestors.ToArray();
        for (var t = 0; t < Takeovers(ctx); t++)
        {
            for (var i = 0; i < lakes.Count; i++)
            {
                var (state, follow) = standbys[i].Dequeue();
                await follow();
                var takeover = Stopwatch.StartNew();
                var successor = await LakeIngestor.OpenAsync(lakes[i].Lake, rules, ingest, WriterIdentity.New(), NullLogger.Instance, null,
                    CancellationToken.None, state);
                var opened = takeover.Elapsed.TotalMilliseconds;
                Offer(successor, lakes[i].Batches[timed + 1 + t], "bench-successor");
                var taken = takeover.Elapsed.TotalMilliseconds;

                await successor.CommitAsync([], [], CancellationToken.None);
                takeovers[i].Add(takeover.Elapsed.TotalSeconds);
                steps[i].Add(new TakeoverSteps(opened, taken - opened, takeover.Elapsed.TotalMilliseconds - taken));
                successors[i] = successor;
            }
        }

        var scales = new List<Scale>();
        for (var i = 0; i < lakes.Count; i++)
        {
            scales.Add(new Scale(Spread(starts[i].Seconds), Spread(commits[i]), commitBytes[i], Spread(refreshes[i]), Spread(refreshCpu[i]).Median,
                new Measurement(refreshFaults[i]).Median,
                refreshBytes[i], firstRefreshes[i], Spread(takeovers[i]), TakeoverSteps.Median(steps[i]), successors[i].Statistics.Identifiers));
        }

        return scales;
    }

    /// <summary>A batch's lines into the batch being taken, as lines of the file named <paramref name="file"/>.</summary>
    private static void Offer(LakeIngestor ingestor, List<byte[]> lines, string file)
    {
        for (var n = 0; n < lines.Count; n++)
        {
            ingestor.Offer(lines[n], lines[n].Length, SourcePosition.InFile(file, n));
        }
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

    /// <summary>Every file under the lake's root (data, logs, identity checkpoints) with its size.</summary>
    private static Dictionary<string, long> LakeFiles(LakeContext lake) =>
        Directory.EnumerateFiles(lake.Root, "*", SearchOption.AllDirectories).ToDictionary(f => f, f => new FileInfo(f).Length);

    /// <summary>
    /// The bytes of the files a step made, or of what it added to a file: not the lake's growth, which a step that
    /// also deletes files (a refresh drops the buckets and checkpoints it replaced) can make smaller than nothing.
    /// </summary>
    private static long BytesWritten(Dictionary<string, long> before, Dictionary<string, long> after) =>
        after.Sum(file => Math.Max(0, file.Value - before.GetValueOrDefault(file.Key)));

    /// <summary>Milliseconds, min / median / max.</summary>
    private static Figure Spread(IReadOnlyList<double> seconds) => new(seconds.Min() * 1000, new Measurement(seconds).Median * 1000, seconds.Max() * 1000);

    private sealed record Scale(Figure Start, Figure Commit, long CommitBytes, Figure Refresh, double RefreshCpu, double RefreshFaults, long RefreshBytes, double FirstRefresh, Figure Takeover,
        TakeoverSteps TakeoverSteps, long Identifiers);

    /// <summary>Where a takeover's time went: opening the lake over the followed state, taking the batch, committing it.</summary>
    private sealed record TakeoverSteps(double Open, double Take, double Commit)
    {
        /// <summary>Each step's median over the takeovers.</summary>
        public static TakeoverSteps Median(IReadOnlyList<TakeoverSteps> steps) => new(
            new Measurement([.. steps.Select(s => s.Open)]).Median,
            new Measurement([.. steps.Select(s => s.Take)]).Median,
            new Measurement([.. steps.Select(s => s.Commit)]).Median);

        public override string ToString() => $"medians: open {Open:N0} ms, batch taken {Take:N0} ms, commit {Commit:N0} ms";
    }

    private sealed record ScaleLake(int Events, string Folder, LakeContext Lake, List<List<byte[]>> Batches);
}
