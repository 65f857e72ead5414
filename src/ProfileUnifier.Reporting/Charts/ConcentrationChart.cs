using ScottPlot;

namespace ProfileUnifier.Reporting.Charts;

/// <summary>
/// Revenue concentration: the top accounts' shares as bars, with the key / dependency / mono-client lines, each
/// tagged at the top of the plot so no tag covers the axis.
/// </summary>
public static class ConcentrationChart
{
    public const int Top = 15;

    public static Chart Create(ReportData data, ReportLanguage l)
    {
        var p = data.Portfolio;
        var top = data.Accounts.Where(a => a.Revenue > 0).Take(Top).ToList();
        var plot = Chart.NewPlot(l.Format("concentration.title", p.Hhi.ToString("F3", l.Numbers), l.Percent(p.Top1Share), l.Percent(p.Top5Share)),
            l["concentration.x"], "", l);
        var bars = top.Select((a, i) => new Bar
        {
            Position = top.Count - i,
            Value = a.Share * 100,
            FillColor = a.Share > data.Thresholds.KeyShare ? Chart.Warning : Chart.ForClass(a.AbcClass),
            LineWidth = 0,
            Orientation = Orientation.Horizontal,
            Label = l.Percent(a.Share),
        }).ToArray();
        var plottable = plot.Add.Bars(bars);
        plottable.Horizontal = true;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. top.Select((_, i) => (double)(top.Count - i))], [.. top.Select(a => Shorten(a.Name))]);
        var ceiling = top.Count + 1.4;
        foreach (var (share, label) in new[] { (data.Thresholds.KeyShare, "flag.key"), (data.Thresholds.DependencyShare, "flag.dependency"), (data.Thresholds.MonoShare, "flag.mono") })
        {
            plot.Add.VerticalLine(share * 100, 1.5f, Chart.Warning.WithAlpha(0.7), LinePattern.Dashed);
            var tag = plot.Add.Text($"{l[label]} {l.Percent(share, 0)}", share * 100, ceiling - 0.1);
            tag.LabelFontSize = 11;
            tag.LabelFontColor = Chart.Warning;
            tag.LabelAlignment = Alignment.UpperLeft;
            tag.LabelOffsetX = 4;
        }

        var right = Math.Max(data.Thresholds.MonoShare * 100 + 8, (top.FirstOrDefault()?.Share ?? 0) * 100 + 8);
        plot.Axes.SetLimits(0, right, 0.4, ceiling);
        return Chart.Render(plot, l["concentration"], l.Format("concentration.alt", l.Percent(p.Top1Share), l.Percent(p.Top5Share), p.Hhi.ToString("F3", l.Numbers)));
    }

    public static string Shorten(string name) => name.Length <= 28 ? name : name[..27] + "…";
}
