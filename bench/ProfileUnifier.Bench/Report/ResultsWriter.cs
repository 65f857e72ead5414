using System.Globalization;
using System.Text;

namespace ProfileUnifier.Bench.Report;

/// <summary>Writes RESULTS.md: the machine, the date, the command, and one table row per measurement.</summary>
public static class ResultsWriter
{
    /// <param name="freshMemory">What a page of fresh memory cost at the run's start and end (<see cref="MemoryFaultProbe"/>).</param>
    public static string Render(IReadOnlyList<ResultRow> rows, string size, string command, string machine,
        ((double Pages, double? HugePages) Start, (double Pages, double? HugePages) End) freshMemory,
        string commit, DateTime at, TimeSpan took)
    {
        var md = new StringBuilder();
        md.AppendLine("# Benchmarks");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Size **{size}**, measured {at:yyyy-MM-dd HH:mm} UTC in {took.TotalMinutes:N1} min, commit `{commit}`.");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Machine: {machine}.");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Fresh memory (the first write to each page of a block just mapped): {MemoryFaultProbe.Describe(freshMemory.Start)} at the start, {MemoryFaultProbe.Describe(freshMemory.End)} at the end (what it says of the hour: README, \"Slow hours\").");
        md.AppendLine();
        md.AppendLine("Regenerate:");
        md.AppendLine();
        md.AppendLine("```sh");
        md.AppendLine(command);
        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine("Each figure is min / **median** / max over the repeated runs (rates: work divided by the slowest, median and fastest run). " +
                      "Ours and the peer run on the same input in the same process, one after the other (rows 2, 3 and 6 in rounds, a run of each side in turn). Ratio = our median / the peer's median (higher is better for rates).");
        md.AppendLine();
        md.AppendLine("| # | workload | input | ours | peer | ratio | goal | met |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            var ratio = r.Peer is { } p ? (r.Ours.Median / p.Median).ToString("N2", CultureInfo.InvariantCulture) + "×" : "–";
            var peer = r.Peer is { } q ? $"{Spread(q)} {r.Unit}<br>{r.PeerName}" : "–";
            var met = r.GoalMet switch { true => "yes", false => "**no**", null => "–" };
            md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Row} | {r.Workload} | {r.Input} | {Spread(r.Ours)} {r.Unit} | {peer} | {ratio} | {r.Goal} | {met} |");
        }

        md.AppendLine();
        md.AppendLine("Notes:");
        md.AppendLine();
        foreach (var r in rows.Where(r => r.Note.Length > 0))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"* **{r.Row}** {r.Workload} ({r.Input}): {r.Note}.");
        }

        return md.ToString();
    }

    private static string Spread(Figure f) => f.Min == f.Max
        ? Number(f.Median)
        : $"{Number(f.Min)} / **{Number(f.Median)}** / {Number(f.Max)}";

    // Two decimals below 10 (cores busy, latencies): 1.78 cores must not read as the 1.8 a goal asks for.
    private static string Number(double v) => v.ToString(v >= 100 ? "N0" : v >= 10 ? "N1" : "N2", CultureInfo.InvariantCulture);
}
