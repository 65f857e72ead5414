using ProfileUnifier.Bench.Report;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Bench.Workloads;

/// <summary>
/// Row 2: <c>ingest</c> end to end (NDJSON → every lake table, identities resolved, committed) against DuckDB
/// parsing the same file with read_json and writing it with COPY … TO parquet (parse and write only).
/// </summary>
public static class IngestWorkload
{
    public static async Task<ResultRow> RunAsync(BenchContext ctx)
    {
        var file = ctx.Events(ctx.Size.IngestEvents);
        var lines = File.ReadLines(file).LongCount();
        var ours = await Measurement.TimeAsync(ctx.Size.Repeats, () => Task.FromResult(ctx.Scratch("ingest")),
            lake => LakeBuilder.IngestAsync(lake, [file]), lake => Directory.Delete(lake, recursive: true));
        var peer = await DuckDbCopyAsync(ctx, file);
        return new ResultRow("2", "`ingest` end to end (NDJSON → lake, all tables)", $"{lines:N0} lines, {new FileInfo(file).Length / 1048576.0:N0} MiB",
            "events/s", Figure.Rate(lines, ours), "DuckDB read_json → COPY parquet", Figure.Rate(lines, peer),
            "≥ 150,000 events/s and ≥ 0.5× DuckDB", null,
            "ours also validates, resolves identities and writes one file per source and day (events span 18 months)");
    }

    public static Task<Measurement> DuckDbCopyAsync(BenchContext ctx, string file) =>
        Measurement.TimeAsync(ctx.Size.Repeats, () => Task.FromResult(ctx.Scratch("duckdb-copy")), folder =>
        {
            using var duck = BenchContext.Duck();
            BenchContext.Execute(duck, $"""
                COPY (SELECT * FROM read_json({BenchContext.Literal(file)}, format = 'newline_delimited', ignore_errors = true))
                TO {BenchContext.Literal(Path.Combine(folder, "events.parquet"))} (FORMAT parquet)
                """);
            return Task.CompletedTask;
        }, folder => Directory.Delete(folder, recursive: true));
}
