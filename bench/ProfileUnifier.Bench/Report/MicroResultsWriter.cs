using System.Globalization;
using System.Text;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;

namespace ProfileUnifier.Bench.Report;

/// <summary>
/// bench/RESULTS-micro.md: the contract check per line (BenchmarkDotNet, one core), in ns and allocated bytes, against
/// the bar, with BenchmarkDotNet's own table below, so the figure the README quotes is a committed file.
/// </summary>
public static class MicroResultsWriter
{
    /// <summary>The bar for checking a line's envelope and properties on one core (issue 11).</summary>
    public const double CheckGoalNanoseconds = 1_500;

    public static string Render(Summary summary, string machine, string commit, DateTime utc)
    {
        var md = new StringBuilder();
        md.AppendLine("# Micro-benchmarks: the contract check per line").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Measured {utc:yyyy-MM-dd HH:mm} UTC, commit `{commit}`, BenchmarkDotNet in process (its job in its report below).").AppendLine();
        md.AppendLine(machine).AppendLine();
        md.AppendLine("Regenerate:").AppendLine().AppendLine("```sh")
            .AppendLine("dotnet run --project bench/ProfileUnifier.Bench -c Release -- --micro").AppendLine("```").AppendLine();
        md.AppendLine("Each operation is one NDJSON line of a generated data set (2,000 lines of the six sources, malformed and")
            .AppendLine("redelivered ones included). `Parse` is the contract check (envelope and properties, into an event or a")
            .AppendLine("rejection with its reason); `Intake` adds normalising the identifiers the engine takes.").AppendLine();
        md.AppendLine("| benchmark | mean per line | allocated per line | goal | met |").AppendLine("|---|---|---|---|---|");
        foreach (var report in summary.Reports.Where(r => r.ResultStatistics is not null))
        {
            var name = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
            var mean = report.ResultStatistics!.Mean;
            var bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
            var isCheck = name == nameof(Micro.IntakeBenchmarks.Parse);
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {mean:N0} ns | {(bytes is { } b ? $"{b:N0} B" : "?")} | {(isCheck ? $"≤ {CheckGoalNanoseconds:N0} ns a line on one core" : "–")} | {(isCheck ? mean <= CheckGoalNanoseconds ? "yes" : "**no**" : "–")} |");
        }

        // BenchmarkDotNet's own GitHub-markdown report (environment, job, full table).
        var exported = new AccumulationLogger();
        MarkdownExporter.GitHub.ExportToLog(summary, exported);
        md.AppendLine().AppendLine("BenchmarkDotNet's report:").AppendLine().Append(exported.GetLog());
        return md.ToString();
    }
}
