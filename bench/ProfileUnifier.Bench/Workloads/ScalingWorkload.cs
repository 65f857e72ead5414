using ProfileUnifier.Bench.Report;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Bench.Workloads;

/// <summary>Row 6: `ingest` end to end at three sizes; time per event should stay flat if the pipeline scales linearly.</summary>
public static class ScalingWorkload
{
    public static async Task<List<ResultRow>> RunAsync(BenchContext ctx)
    {
        var rows = new List<ResultRow>();
        var files = ctx.Size.ScalingEvents.Select(events => ctx.Events(events)).ToList();
        // The sizes in rounds (100k, 1M, 5M; again …), so their ratio is not that of two moments of a drifting VM. Every
        // size is timed as often as the other rows (min/median/max): one 5M-line run moved by 20 % from run to run.
        // The smaller sizes get a warm-up run, not timed, as row 2 has: with `--only 6` the first 100k run compiled the
        // whole pipeline (no tiering) inside its timing. The largest follows them, warm, and takes minutes a run.
        var measured = await Measurement.AlternateAsync(ctx.Size.Repeats,
        [
            .. ctx.Size.ScalingEvents.Zip(files, (events, file) => new TimedRun<string>(() => Task.FromResult(ctx.Scratch("scaling")),
                lake => LakeBuilder.IngestAsync(lake, [file]), lake => Directory.Delete(lake, recursive: true), Warmups: events >= 5_000_000 ? 0 : 1)),
        ]);
        double? first = null;
        for (var i = 0; i < files.Count; i++)
        {
            var (m, lines) = (measured[i], File.ReadLines(files[i]).LongCount());
            var perEvent = m.Median / lines * 1e6;
            first ??= perEvent;
            rows.Add(new ResultRow("6", "scaling: `ingest` end to end", $"{lines:N0} lines", "events/s", Figure.Rate(lines, m), null, null,
                "time per event ≤ 1.3× the smallest size's", perEvent <= 1.3 * first.Value,
                $"median {m.Median:N1} s, {perEvent:N1} µs/event ({perEvent / first.Value:N2}× the smallest size's; sizes run in turn)"));
        }

        return rows;
    }
}
