using System.Globalization;
using ScottPlot;

namespace ProfileUnifier.Reporting.Charts;

/// <summary>
/// The Pareto curve: accounts by revenue (bars: each one's share), the cumulative share (line), and the A/B/C
/// bands where the curve crosses the configured cut-offs.
/// </summary>
public static class ParetoChart
{
    public static Chart Create(ReportData data)
    {
        var ranked = data.Accounts.Where(a => a.Revenue > 0).ToList();
        var plot = Chart.NewPlot("Pareto curve: revenue share by account", "accounts ranked by revenue", "share of revenue, %");
        if (ranked.Count == 0)
        {
            plot.Add.Annotation("no revenue in the window");
            return Chart.Render(plot, "Pareto curve", "No account has revenue in the window.");
        }

        var start = 0.5;
        foreach (var abc in new[] { "A", "B", "C" })
        {
            var count = ranked.Count(a => a.AbcClass == abc);
            if (count == 0)
            {
                continue;
            }

            var span = plot.Add.HorizontalSpan(start, start + count, Chart.ForClass(abc).WithAlpha(0.12));
            span.LegendText = $"class {abc}: {count} accounts, {ranked.Where(a => a.AbcClass == abc).Sum(a => a.Share):P0} of revenue";
            start += count;
        }

        var bars = plot.Add.Bars(ranked.Select(a => new Bar
        {
            Position = a.Rank,
            Value = a.Share * 100,
            FillColor = Chart.ForClass(a.AbcClass),
            LineWidth = 0,
            Size = 0.9,
        }).ToArray());
        bars.LegendText = "account's share";
        var line = plot.Add.ScatterLine(ranked.Select(a => (double)a.Rank).ToArray(), ranked.Select(a => a.CumulativeShare * 100).ToArray(), Chart.Accent);
        line.LineWidth = 3;
        line.LegendText = "cumulative share";
        foreach (var (cut, label) in new[] { (data.Thresholds.ClassAUpTo, "A"), (data.Thresholds.ClassBUpTo, "B") })
        {
            plot.Add.HorizontalLine(cut * 100, 1, Colors.Black.WithAlpha(0.5), LinePattern.Dashed);
            var text = plot.Add.Text(string.Create(CultureInfo.InvariantCulture, $"class {label} up to {cut:P0}"), ranked.Count, cut * 100);
            text.LabelFontSize = 12;
            text.LabelAlignment = Alignment.LowerRight;
        }

        plot.Axes.SetLimits(0, ranked.Count + 1, 0, 105);
        plot.ShowLegend(Alignment.LowerRight);
        var a = ranked.Count(x => x.AbcClass == "A");
        return Chart.Render(plot, "Pareto curve",
            $"{a} of {ranked.Count} accounts with revenue (class A) bring {ranked.Where(x => x.AbcClass == "A").Sum(x => x.Share):P0} of revenue.");
    }
}
