using ScottPlot;

namespace ProfileUnifier.Reporting.Charts;

/// <summary>The trend of the top accounts' share of revenue over the last four 91-day quarters (the last ends on the as-of day).</summary>
public static class QuarterChart
{
    public const int Top = 6;

    private static readonly Color[] Palette =
        [.. new[] { "#1565C0", "#2E7D32", "#C62828", "#6A1B9A", "#00838F", "#F9A825" }.Select(Color.FromHex)];

    public static Chart Create(ReportData data, ReportLanguage l)
    {
        var plot = Chart.NewPlot(l["quarters.title"], l["quarters.x"], l["quarters.y"], l);
        var top = data.Accounts.Where(a => a.Revenue > 0).Take(Top).ToList();
        double[] xs = [1, 2, 3, 4];
        for (var i = 0; i < top.Count; i++)
        {
            var line = plot.Add.Scatter(xs, [.. top[i].QuarterShares.Select(s => s * 100)], Palette[i % Palette.Length]);
            line.LineWidth = 2.5f;
            line.MarkerSize = 8;
            line.LegendText = ConcentrationChart.Shorten(top[i].Name);
        }

        var ends = Enumerable.Range(0, 4).Select(q => data.Portfolio.AsOf.AddDays(-91 * (3 - q))).ToList();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(xs, [.. ends.Select(e => l.Format("quarters.tick", l.Date(e)))]);
        var max = top.SelectMany(a => a.QuarterShares).DefaultIfEmpty(0).Max() * 100;
        plot.Axes.SetLimits(0.7, 4.3, 0, Math.Max(1, max * 1.15));
        plot.ShowLegend(Edge.Right);
        var rising = top.Count(a => a.QuarterShares[3] > a.QuarterShares[0]);
        return Chart.Render(plot, l["quarters"], l.Format("quarters.alt", top.Count, rising));
    }
}
