using ScottPlot;

namespace ProfileUnifier.Reporting.Charts;

/// <summary>
/// The Pareto curve: accounts by revenue (bars: each one's share), the cumulative share (line), and the A/B/C
/// bands where the curve crosses the configured cut-offs. The legend counts the accounts with revenue, as the ABC card does.
/// </summary>
public static class ParetoChart
{
    public static Chart Create(ReportData data, ReportLanguage l)
    {
        var ranked = data.Accounts.Where(a => a.Revenue > 0).ToList();
        var plot = Chart.NewPlot(l["pareto.title"], l["pareto.x"], l["pareto.y"], l);
        if (ranked.Count == 0)
        {
            plot.Add.Annotation(l["pareto.none"]);
            return Chart.Render(plot, l["pareto"], l["pareto.none"]);
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
            span.LegendText = l.Format("pareto.class", abc, count, l.Percent(ranked.Where(a => a.AbcClass == abc).Sum(a => a.Share), 0));
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
        bars.LegendText = l["pareto.share"];
        var line = plot.Add.ScatterLine(ranked.Select(a => (double)a.Rank).ToArray(), ranked.Select(a => a.CumulativeShare * 100).ToArray(), Chart.Accent);
        line.LineWidth = 3;
        line.LegendText = l["pareto.cumulative"];
        foreach (var (cut, label) in new[] { (data.Thresholds.ClassAUpTo, "A"), (data.Thresholds.ClassBUpTo, "B") })
        {
            plot.Add.HorizontalLine(cut * 100, 1, Colors.Black.WithAlpha(0.5), LinePattern.Dashed);
            var text = plot.Add.Text(l.Format("pareto.cut", label, l.Percent(cut, 0)), ranked.Count, cut * 100);
            text.LabelFontSize = 12;
            text.LabelAlignment = Alignment.LowerRight;
        }

        plot.Axes.SetLimits(0, ranked.Count + 1, 0, 105);
        plot.ShowLegend(Alignment.LowerRight);
        var a = ranked.Where(x => x.AbcClass == "A").ToList();
        return Chart.Render(plot, l["pareto"], l.Format("pareto.alt", a.Count, ranked.Count, l.Percent(a.Sum(x => x.Share), 0)));
    }
}
