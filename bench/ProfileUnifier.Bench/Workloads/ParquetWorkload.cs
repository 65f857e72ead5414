using ProfileUnifier.Bench.Report;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Lake;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Bench.Workloads;

/// <summary>
/// Row 4: writing touchpoint rows to Parquet, one file each, Snappy: the lake's column buffers through its writer
/// (ParquetSharp's column writers) against the same rows loaded into a DuckDB table first and written with COPY; against
/// Parquet.Net 6, the writer it replaced; and through the same encoder fed Apache.Arrow record batches. CPU seconds are
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
        var parquetNet = new ParquetNetWriter(rows);
        // In rounds (ours, Parquet.Net, Arrow batches; again …), each with its CPU time: on a shared machine CPU seconds
        // vary less than wall time.
        var measured = await Measurement.AlternateAsync(ctx.Size.Repeats,
        [
            Writing(folder, "ours.parquet", file => rows.WriteAsync(file, options, CancellationToken.None)),
            Writing(folder, "parquet-net.parquet", file => parquetNet.WriteAsync(file, options)),
            Writing(folder, "arrow.parquet", file =>
            {
                ArrowParquetWriter.Write(file, rows, options);
                return Task.CompletedTask;
            }),
        ]);
        var (ours, net, arrow) = (measured[0], measured[1], measured[2]);
        var (oursCpu, netCpu, arrowCpu) = (CpuMedian(ours), CpuMedian(net), CpuMedian(arrow));
        var (_, convertCpu) = await TimeWithCpuAsync(ctx.Size.Repeats, () => ArrowParquetWriter.Write(Stream.Null, rows, options, convertOnly: true));

        using var duck = BenchContext.Duck();
        BenchContext.Execute(duck, $"CREATE TABLE t AS SELECT * FROM read_parquet({BenchContext.Literal(Path.Combine(folder, "ours.parquet"))})");
        var peer = await Measurement.TimeAsync(ctx.Size.Repeats, () =>
        {
            BenchContext.Execute(duck, $"COPY t TO {BenchContext.Literal(Path.Combine(folder, "duck.parquet"))} (FORMAT parquet, COMPRESSION snappy)");
            return Task.CompletedTask;
        });
        var columns = BenchContext.Scalar(duck, "SELECT count(*) FROM (DESCRIBE t)");
        if (BenchContext.Scalar(duck, "SELECT count(*) FROM t") != rows.Rows)
        {
            throw new InvalidOperationException("the lake writer's file does not hold every row");
        }

        // Every writer must write the same table: every row read back from its file is one of ours, and none missing.
        foreach (var other in new[] { "parquet-net.parquet", "arrow.parquet" })
        {
            var file = BenchContext.Literal(Path.Combine(folder, other));
            var differing = BenchContext.Scalar(duck, $"SELECT count(*) FROM ((SELECT * FROM t EXCEPT ALL SELECT * FROM read_parquet({file})) " +
                $"UNION ALL (SELECT * FROM read_parquet({file}) EXCEPT ALL SELECT * FROM t))");
            if (differing != 0 || BenchContext.Scalar(duck, $"SELECT count(*) FROM read_parquet({file})") != rows.Rows)
            {
                throw new InvalidOperationException($"{other} reads differently from the lake writer's file: {differing} rows differ");
            }
        }

        string Size(string name) => $"{new FileInfo(Path.Combine(folder, name)).Length / 1048576.0:N1} MiB";
        var (oursSize, duckSize, netSize, arrowSize) = (Size("ours.parquet"), Size("duck.parquet"), Size("parquet-net.parquet"), Size("arrow.parquet"));
        Directory.Delete(folder, recursive: true);
        var input = $"{rows.Rows:N0} rows × {columns} columns";
        var (oursRate, netRate) = (Figure.Rate(rows.Rows, ours), Figure.Rate(rows.Rows, net));
        return
        [
            new ResultRow("4", "Parquet writing of touchpoints rows (one file)", input, "rows/s",
                oursRate, "DuckDB COPY … TO parquet", Figure.Rate(rows.Rows, peer), "–", null,
                $"the lake's writer: ParquetSharp's column writers (Arrow's C++ encoder), text as pointers into the columns' UTF-8; file sizes {oursSize} vs {duckSize}"),
            new ResultRow("4", "Parquet writing of touchpoints rows (one file): the lake's writer against Parquet.Net 6", input, "rows/s",
                oursRate, "Parquet.Net 6 (the lake's writer until 2026-12-04)", netRate, "> 1.2× to switch", oursRate.Median > 1.2 * netRate.Median,
                $"the same column buffers, Snappy, dictionary pages for the same columns, {options.RowGroupSize:N0}-row groups; Parquet.Net takes text as UTF-16, "
                + $"decoded from the columns for it; {netSize}; CPU median {oursCpu:N2} s vs {netCpu:N2} s"),
            new ResultRow("4", "Parquet writing of touchpoints rows (one file): Apache.Arrow record batches instead", input, "rows/s",
                Figure.Rate(rows.Rows, arrow), "the lake's writer (ParquetSharp's column writers)", oursRate, "–", null,
                $"the same encoder fed Apache.Arrow record batches through ParquetSharp.Arrow, {arrowSize}; CPU median {arrowCpu:N2} s "
                + $"(of which {convertCpu:N2} s building the Arrow buffers from the managed columns) vs {oursCpu:N2} s"),
        ];
    }

    /// <summary>A file written into <paramref name="folder"/> by <paramref name="write"/>.</summary>
    private static TimedRun<string> Writing(string folder, string name, Func<Stream, Task> write) =>
        new(() => Task.FromResult(Path.Combine(folder, name)), async path =>
        {
            await using var file = File.Create(path);
            await write(file);
        }, Warmups: 1);

    private static double CpuMedian(Measurement m) => new Measurement(m.CpuSeconds!).Median;

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
