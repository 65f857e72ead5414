using System.Diagnostics;
using System.Text.RegularExpressions;
using ProfileUnifier.Bench.Report;

namespace ProfileUnifier.Bench.Workloads;

/// <summary>
/// Row 10: the demo's lake, file by file: the README's main command run as a child process (embedded broker, six
/// topics, the worker), and the data files its lake holds before and after compaction, as it prints them.
/// </summary>
public static partial class DemoFilesWorkload
{
    public static async Task<ResultRow> RunAsync(BenchContext ctx, string executable)
    {
        var folder = ctx.Scratch("demo");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        foreach (var arg in new[] { executable, "demo" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["COLUMNS"] = "200";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var match = FilesLine().Match(await output);
        if (process.ExitCode != 0 || !match.Success)
        {
            throw new InvalidOperationException($"demo failed ({process.ExitCode}): {await error}\n{await output}");
        }

        var after = double.Parse(match.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        var before = double.Parse(match.Groups[2].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        Directory.Delete(folder, recursive: true);
        return new ResultRow("10", "data files in the demo's lake, after compaction", "`profileunifier demo` (200,000 events, 300 companies)", "files",
            Figure.Single(after), "before compaction", Figure.Single(before), "a few hundred at most", after <= 500,
            "the worker's commits leave one file per partition touched; compaction (dataChange=false) then rewrites them per source");
    }

    [GeneratedRegex(@"data files\s*│\s*([\d,]+) \(([\d,]+) before compaction\)")]
    private static partial Regex FilesLine();
}
