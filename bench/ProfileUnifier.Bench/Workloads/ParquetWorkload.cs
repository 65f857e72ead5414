using ProfileUnifier.Bench.Report;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Lake;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Bench.Workloads;

/// <summary>
/// Row 4: writing touchpoint rows to Parquet, one file each, Snappy: the lake's column buffers through its writer
/// (Parquet.Net 6) against the same rows loaded into a DuckDB table first and written with COPY; and through ParquetSharp
/// (Arrow's C++ writer, fed Apache.Arrow record batches), the candidate it was measured against. CPU seconds are
/// reported too: on a shared machine they vary less than wall time.
/// </summary>
public static class ParquetWorkload
{
    public static async Task<List<ResultRow>> RunAsync(BenchContext ctx)
    {
        var rules = new IdentityRules();
        var events = ParsedEvents.Read(ctx.Events(ctx.Size.ParquetRows), rules);
        var engine = new IdentityEngine(rules);
        var rows = new TouchpointRows();
        foreach (var (e, keys) in events)
        {
            rows.Add(e, keys, engine.Observe(e, keys), SourcePosition.InFile("bench", 1), 1);
        }

        engine.Resolve(logChanges: false);
        rows.Resolve(engine.Capture, DateTime.UtcNow);
        var folder = ctx.Scratch("parquet");
        var options = new LakeOptions { Root = folder };
        var ours = await Measurement.TimeAsync(ctx.Size.Repeats, async () =>
        {
            await using var file = File.Create(Path.Combine(folder, "ours.parquet"));
            await rows.WriteAsync(file, options, CancellationToken.None);
        });
        var (sharp, sharpCpu) = await TimeWithCpuAsync(ctx.Size.Repeats, () =>
        {
            using var file = File.Create(Path.Combine(folder, "parquet-sharp.parquet"));
            ArrowParquetWriter.Write(file, rows, options);
        });
        var (_, oursCpu) = await TimeWithCpuAsync(ctx.Size.Repeats, () =>
        {
            using var file = File.Create(Path.Combine(folder, "ours.parquet"));
            rows.WriteAsync(file, options, CancellationToken.None).GetAwaiter().GetResult();
        });
        var (_, convertCpu) = await TimeWithCpuAsync(ctx.Size.Repeats, () => ArrowParquetWriter.Write(Stream.Null, rows, options, convertOnly: true));

        using var duck = BenchContext.Duck();
        BenchContext.Execute(duck, $"CREATE TABLE t AS SELECT * FROM read_parquet({BenchContext.Literal(Path.Combine(folder, "ours.parquet"))})");
        var peer = await Measurement.TimeAsync(ctx.Size.Repeats, () =>
        {
            BenchContext.Execute(duck, $"COPY t TO {BenchContext.Literal(Path.Combine(folder, "duck.parquet"))} (FORMAT parquet, COMPRESSION snappy)");
            return Task.CompletedTask;
        });
        var columns = BenchContext.Scalar(duck, "SELECT count(*) FROM (DESCRIBE t)");
        // The candidate must write the same table: every row read back from its file is one of ours, and none missing.
        var sharpFile = BenchContext.Literal(Path.Combine(folder, "parquet-sharp.parquet"));
        var differing = BenchContext.Scalar(duck, $"SELECT count(*) FROM ((SELECT * FROM t EXCEPT ALL SELECT * FROM read_parquet({sharpFile})) " +
            $"UNION ALL (SELECT * FROM read_parquet({sharpFile}) EXCEPT ALL SELECT * FROM t))");
        if (differing != 0 || BenchContext.Scalar(duck, $"SELECT count(*) FROM read_parquet({sharpFile})") != rows.Rows)
        {
            throw new InvalidOperationException($"ParquetSharp's file reads differently from the lake writer's: {differing} rows differ");
        }

        string Size(string name) => $"{new FileInfo(Path.Combine(folder, name)).Length / 1048576.0:N1} MiB";
        var sizes = $"{Size("ours.parquet")} vs {Size("duck.parquet")}";
        var sharpSize = Size("parquet-sharp.parquet");
        Directory.Delete(folder, recursive: true);
        var input = $"{rows.Rows:N0} rows × {columns} columns";
        return
        [
            new ResultRow("4", "Parquet writing of touchpoints rows (one file)", input, "rows/s",
                Figure.Rate(rows.Rows, ours), "DuckDB COPY … TO parquet", Figure.Rate(rows.Rows, peer), "–", null, $"Parquet.Net 6 (the lake's writer); file sizes {sizes}"),
            new ResultRow("4", "Parquet writing of touchpoints rows (one file): ParquetSharp instead", input, "rows/s",
                Figure.Rate(rows.Rows, sharp), "Parquet.Net 6 (the lake's writer)", Figure.Rate(rows.Rows, ours),
                "> 1.2× to switch", Figure.Rate(rows.Rows, sharp).Median > 1.2 * Figure.Rate(rows.Rows, ours).Median,
                $"the same column buffers as Apache.Arrow record batches, Snappy, {options.RowGroupSize:N0}-row groups, {sharpSize}; " +
                $"CPU median {sharpCpu:N2} s (of which {convertCpu:N2} s building the Arrow buffers from the managed columns) vs {oursCpu:N2} s"),
        ];
    }

    private static async Task<(Measurement Wall, double CpuMedian)> TimeWithCpuAsync(int repeats, Action run)
    {
        var cpu = new List<double>();
        var wall = await Measurement.TimeAsync(repeats, () =>
        {
            var before = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            run();
            cpu.Add((System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds);
            return Task.CompletedTask;
        });
        return (wall, new Measurement(cpu).Median);
    }
}
