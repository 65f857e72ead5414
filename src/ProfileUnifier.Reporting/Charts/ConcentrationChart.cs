using System.Globalization;
using ScottPlot;

namespace ProfileUnifier.Reporting.Charts;

/// <summary>Revenue concentration: the top accounts' shares as bars, with the key / dependency / mono-client lines.</summary>
public static class ConcentrationChart
{
    public const int Top = 15;

    public static Chart Create(ReportData data)
    {
        var p = data.Portfolio;
        var top = data.Accounts.Where(a => a.Revenue > 0).Take(Top).ToList();
        var plot = Chart.NewPlot(
            string.Create(CultureInfo.InvariantCulture, $"Revenue concentration: HHI {p.Hhi:F3}, top 1 {p.Top1Share:P1}, top 5 {p.Top5Share:P1}"),
            "share of revenue, %", "");
        var bars = top.Select((a, i) => new Bar
        {
            Position = top.Count - i,
            Value = a.Share * 100,
            FillColor = a.Share > data.Thresholds.KeyShare ? Chart.Warning : Chart.ForClass(a.AbcClass),
            LineWidth = 0,
            Orientation = Orientation.Horizontal,
            Label = a.Share.ToString("P1", CultureInfo.InvariantCulture),
        }).ToArray();
        var plottable = plot.Add.Bars(bars);
        plottable.Horizontal = true;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. top.Select((_, i) => (double)(top.Count - i))], [.. top.Select(a => Shorten(a.Name))]);
        foreach (var (share, label) in new[] { (data.Thresholds.KeyShare, "key"), (data.Thresholds.DependencyShare, "dependency"), (data.Thresholds.MonoShare, "mono-client") })
        {
            var line = plot.Add.VerticalLine(share * 100, 1.5f, Chart.Warning.WithAlpha(0.7), LinePattern.Dashed);
            line.LabelText = string.Create(CultureInfo.InvariantCulture, $"{label} {share:P0}");
        }

        var right = Math.Max(data.Thresholds.MonoShare * 100 + 5, (top.FirstOrDefault()?.Share ?? 0) * 100 + 8);
        plot.Axes.SetLimits(0, right, 0.4, top.Count + 0.6);
        return Chart.Render(plot, "Revenue concentration",
            string.Create(CultureInfo.InvariantCulture, $"The largest account brings {p.Top1Share:P1} of revenue, the top five {p.Top5Share:P1}; HHI {p.Hhi:F3}."));
    }

    public static string Shorten(string name) => name.Length <= 28 ? name : name[..27] + "…";
}
