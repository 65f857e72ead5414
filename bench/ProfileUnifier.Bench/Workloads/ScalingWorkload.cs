using ProfileUnifier.Bench.Report;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Bench.Workloads;

/// <summary>
/// Row 6: `ingest` end to end at three sizes; time per event should stay flat if the pipeline scales linearly. DuckDB's
/// parse and write of each file (row 2's peer) runs beside it: how much of a growth is the machine's (larger files,
/// caches), not the state ours keeps.
/// </summary>
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
            .. files.Select(file => IngestWorkload.DuckDbCopy(ctx, file)),
        ]);
        (double Ours, double Peer)? first = null;
        for (var i = 0; i < files.Count; i++)
        {
            var (m, peer, lines) = (measured[i], measured[files.Count + i], File.ReadLines(files[i]).LongCount());
            var perEvent = (Ours: m.Median / lines * 1e6, Peer: peer.Median / lines * 1e6);
            first ??= perEvent;
            rows.Add(new ResultRow("6", "scaling: `ingest` end to end", $"{lines:N0} lines", "events/s", Figure.Rate(lines, m),
                "DuckDB read_json → COPY parquet", Figure.Rate(lines, peer), "time per event ≤ 1.3× the smallest size's",
                perEvent.Ours <= 1.3 * first.Value.Ours,
                $"median {m.Median:N1} s, {perEvent.Ours:N1} µs/event ({perEvent.Ours / first.Value.Ours:N2}× the smallest size's; "
                + $"DuckDB's {perEvent.Peer:N2} µs/event, {perEvent.Peer / first.Value.Peer:N2}× its smallest size's; sizes and sides run in turn; "
                + $"ours allocated {m.AllocatedMedian / lines:N0} bytes a line and its collections paused {m.GcPauseMedian:N2} s of a run, medians)"));
        }

        return rows;
    }
}
