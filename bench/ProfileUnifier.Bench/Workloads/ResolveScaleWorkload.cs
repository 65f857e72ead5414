using System.Diagnostics;
using ProfileUnifier.Bench.Report;
using ProfileUnifier.Core.Identity;

namespace ProfileUnifier.Bench.Workloads;

/// <summary>
/// Row 12: what the identity resolve of one small batch costs as the identity state grows — the Kafka worker's resolve
/// at every commit, after months of history. Rows 8 and 9 grow the lake over a steady population; this grows the
/// population. One engine is fed the largest scaling file's events up to a point (resolving every 131,072 events, as
/// `ingest` does), then batches of 1,000 events, each resolved and timed; another stops at the smallest scaling size.
/// The goal, as rows 8 and 9: the big state within 1.5× of the small one.
/// </summary>
public static class ResolveScaleWorkload
{
    private const int BatchEvents = 1_000;
    private const int HistoryResolveEvery = 131_072;

    public static Task<ResultRow> RunAsync(BenchContext ctx)
    {
        var file = ctx.Events(ctx.Size.ScalingEvents[^1]);
        var batches = ctx.Size.Name == "full" ? 100 : 5;
        // Lines, not events: twice the batches' lines are left after the history, for the lines rejected or redelivered.
        var lines = File.ReadLines(file).LongCount();
        var (smallHistory, bigHistory) = (ctx.Size.ScalingEvents[0], (int)(lines - (2L * batches * BatchEvents)));
        var small = Run(file, smallHistory, batches);
        ctx.Log.WriteLine($"  resolve scale: after {smallHistory:N0} events {small.Times.Median:N2} ms a batch");
        var big = Run(file, bigHistory, batches);
        ctx.Log.WriteLine($"  resolve scale: after {bigHistory:N0} events {big.Times.Median:N2} ms a batch");
        return Task.FromResult(new ResultRow("12", "identity resolve of a 1,000-event batch (the worker's resolve at each commit) on a large identity state",
            $"{batches} batches after {bigHistory:N0} and {smallHistory:N0} events of {Path.GetFileName(file)}", "ms",
            big.Times, "the same after the small history", small.Times, "large state ≤ 1.5× small state", big.Times.Median <= 1.5 * small.Times.Median,
            $"large state: {big.Statistics.Identifiers:N0} identifiers, {big.Statistics.Signatures:N0} signatures, {big.Statistics.Profiles:N0} profiles " +
            $"(small: {small.Statistics.Identifiers:N0}, {small.Statistics.Signatures:N0}, {small.Statistics.Profiles:N0}); " +
            "each batch's events observed untimed, its resolve timed (merges and splits logged, as the worker does)"));
    }

    private static (Figure Times, EngineStatistics Statistics) Run(string file, int history, int batches)
    {
        var rules = new IdentityRules();
        var engine = new IdentityEngine(rules);
        var (observed, times) = (0, new List<double>());
        foreach (var (e, keys) in ParsedEvents.Stream(file, rules))
        {
            engine.Observe(e, keys);
            observed++;
            if (observed == history || (observed < history && observed % HistoryResolveEvery == 0))
            {
                engine.Resolve(logChanges: false);
            }
            else if (observed > history && (observed - history) % BatchEvents == 0)
            {
                var start = Stopwatch.GetTimestamp();
                engine.Resolve();
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (times.Count == batches)
                {
                    break;
                }
            }
        }

        if (times.Count < batches)
        {
            throw new InvalidOperationException($"{file} ran out after {times.Count} of {batches} batches");
        }

        var median = new Measurement(times).Median;
        return (new Figure(times.Min(), median, times.Max()), engine.Statistics());
    }
}
