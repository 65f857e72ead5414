using ProfileUnifier.Bench.Report;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Lake;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Bench.Workloads;

/// <summary>
/// Row 4: writing touchpoint rows to Parquet, one file each. Ours: the lake's column buffers through
/// Parquet.Net (Snappy). Peer: the same rows, loaded into a DuckDB table first, written with COPY (Snappy).
/// </summary>
public static class ParquetWorkload
{
    public static async Task<ResultRow> RunAsync(BenchContext ctx)
    {
        var rules = new IdentityRules();
        var events = ParsedEvents.Read(ctx.Events(ctx.Size.ParquetRows), rules);
        var engine = new IdentityEngine(rules);
        var rows = new TouchpointRows();
        foreach (var (e, keys) in events)
        {
            rows.Add(e, keys, engine.Observe(e, keys), "bench", 1);
        }

        engine.Resolve(logChanges: false);
        rows.Resolve(engine.Resolution, DateTime.UtcNow);
        var folder = ctx.Scratch("parquet");
        var options = new LakeOptions { Root = folder };
        var ours = await Measurement.TimeAsync(ctx.Size.Repeats, async () =>
        {
            await using var file = File.Create(Path.Combine(folder, "ours.parquet"));
            await rows.WriteAsync(file, options, CancellationToken.None);
        });

        using var duck = BenchContext.Duck();
        BenchContext.Execute(duck, $"CREATE TABLE t AS SELECT * FROM read_parquet({BenchContext.Literal(Path.Combine(folder, "ours.parquet"))})");
        var peer = await Measurement.TimeAsync(ctx.Size.Repeats, () =>
        {
            BenchContext.Execute(duck, $"COPY t TO {BenchContext.Literal(Path.Combine(folder, "duck.parquet"))} (FORMAT parquet, COMPRESSION snappy)");
            return Task.CompletedTask;
        });
        var columns = BenchContext.Scalar(duck, "SELECT count(*) FROM (DESCRIBE t)");
        var sizes = $"{new FileInfo(Path.Combine(folder, "ours.parquet")).Length / 1048576.0:N1} MiB vs {new FileInfo(Path.Combine(folder, "duck.parquet")).Length / 1048576.0:N1} MiB";
        Directory.Delete(folder, recursive: true);
        return new ResultRow("4", "Parquet writing of touchpoints rows (one file)", $"{rows.Rows:N0} rows × {columns} columns", "rows/s",
            Figure.Rate(rows.Rows, ours), "DuckDB COPY … TO parquet", Figure.Rate(rows.Rows, peer), "–", null, $"file sizes {sizes}");
    }
}
