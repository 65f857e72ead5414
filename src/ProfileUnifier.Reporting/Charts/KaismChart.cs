using ScottPlot;

namespace ProfileUnifier.Reporting.Charts;

/// <summary>
/// The KAISM matrix: each account at (attractiveness, value to us), split into four quadrants by the
/// configured cut-offs; point size grows with revenue, the largest accounts are labelled by name.
/// </summary>
public static class KaismChart
{
    public const int Labelled = 12;

    private static readonly Dictionary<string, Color> QuadrantColors = new(StringComparer.Ordinal)
    {
        ["key"] = Chart.ClassA,
        ["prospective"] = Chart.Accent,
        ["maintain"] = Chart.ClassB,
        ["low_priority"] = Chart.ClassC,
    };

    public static Chart Create(ReportData data)
    {
        var plot = Chart.NewPlot("KAISM matrix", "customer attractiveness (0–10)", "value to us (0–10)");
        var t = data.Thresholds;
        plot.Add.VerticalLine(t.KaismAttractivenessSplit, 1.5f, Colors.Black.WithAlpha(0.6), LinePattern.Dashed);
        plot.Add.HorizontalLine(t.KaismValueSplit, 1.5f, Colors.Black.WithAlpha(0.6), LinePattern.Dashed);
        var maxRevenue = Math.Max(1, data.Accounts.Max(a => (double?)a.Revenue) ?? 1);
        foreach (var (quadrant, color) in QuadrantColors)
        {
            var members = data.Accounts.Where(a => a.Quadrant == quadrant).ToList();
            foreach (var a in members)
            {
                plot.Add.Marker(a.KaismAttractiveness, a.KaismValue, MarkerShape.FilledCircle, (float)(5 + (18 * Math.Sqrt(a.Revenue / maxRevenue))), color.WithAlpha(0.75));
            }

            // One invisible marker carries the legend entry for the quadrant.
            var legend = plot.Add.Marker(-100, -100, MarkerShape.FilledCircle, 10, color);
            legend.LegendText = $"{Label(quadrant)} ({members.Count})";
        }

        foreach (var a in data.Accounts.OrderByDescending(a => a.Revenue).Take(Labelled))
        {
            var text = plot.Add.Text(a.Name, a.KaismAttractiveness, a.KaismValue);
            text.LabelFontSize = 11;
            text.OffsetX = 8;
            text.OffsetY = -6;
        }

        foreach (var (x, y, quadrant, alignment) in new[]
        {
            (10.0, 10.0, "key", Alignment.UpperRight), (0.0, 10.0, "prospective", Alignment.UpperLeft),
            (10.0, 0.0, "maintain", Alignment.LowerRight), (0.0, 0.0, "low_priority", Alignment.LowerLeft),
        })
        {
            var corner = plot.Add.Text(Label(quadrant).ToUpperInvariant(), x, y);
            corner.LabelFontSize = 13;
            corner.LabelBold = true;
            corner.LabelFontColor = QuadrantColors[quadrant].WithAlpha(0.8);
            corner.LabelAlignment = alignment;
        }

        plot.Axes.SetLimits(0, 10, 0, 10);
        plot.ShowLegend(Edge.Bottom);
        var key = data.Accounts.Count(a => a.Quadrant == "key");
        return Chart.Render(plot, "KAISM matrix", $"{key} key accounts (high value, high attractiveness) of {data.Accounts.Count}.");
    }

    public static string Label(string quadrant) => quadrant switch
    {
        "key" => "key: invest",
        "prospective" => "prospective: develop",
        "maintain" => "maintain: serve efficiently",
        "low_priority" => "low priority",
        _ => quadrant,
    };
}
