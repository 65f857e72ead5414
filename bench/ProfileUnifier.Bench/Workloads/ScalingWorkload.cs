using ProfileUnifier.Bench.Report;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Bench.Workloads;

/// <summary>Row 6: `ingest` end to end at three sizes; time per event should stay flat if the pipeline scales linearly.</summary>
public static class ScalingWorkload
{
    public static async Task<List<ResultRow>> RunAsync(BenchContext ctx)
    {
        var rows = new List<ResultRow>();
        double? first = null;
        foreach (var events in ctx.Size.ScalingEvents)
        {
            var file = ctx.Events(events);
            var lines = File.ReadLines(file).LongCount();
            // Every size is timed as often as the other rows (min/median/max): one 5M-line run moved by 20 % from run to run.
            // The smaller sizes get a warm-up run, not timed, as row 2 has: with `--only 6` the first 100k run compiled the
            // whole pipeline (no tiering) inside its timing. The largest follows them, warm, and takes minutes a run.
            var largest = events >= 5_000_000;
            var m = await Measurement.TimeAsync(ctx.Size.Repeats, () => Task.FromResult(ctx.Scratch("scaling")),
                lake => LakeBuilder.IngestAsync(lake, [file]), lake => Directory.Delete(lake, recursive: true), warmups: largest ? 0 : 1);
            var perEvent = m.Median / lines * 1e6;
            first ??= perEvent;
            rows.Add(new ResultRow("6", "scaling: `ingest` end to end", $"{lines:N0} lines", "events/s", Figure.Rate(lines, m), null, null,
                "close to linear", null,
                $"median {m.Median:N1} s, {perEvent:N1} µs/event ({perEvent / first.Value:N2}× the smallest size's)"));
        }

        return rows;
    }
}
