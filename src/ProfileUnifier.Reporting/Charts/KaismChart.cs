using ScottPlot;

namespace ProfileUnifier.Reporting.Charts;

/// <summary>
/// The KAISM matrix: each account at (attractiveness, value to us), split into four quadrants by the configured
/// cut-offs; bubble area grows with revenue (the legend shows two sizes). The largest accounts carry their rank as a
/// short label placed where it overlaps no other; the table beside the chart names them.
/// </summary>
public static class KaismChart
{
    public const int Labelled = 10;

    private static readonly Dictionary<string, Color> QuadrantColors = new(StringComparer.Ordinal)
    {
        ["key"] = Chart.ClassA,
        ["prospective"] = Chart.Accent,
        ["maintain"] = Chart.ClassB,
        ["low_priority"] = Chart.ClassC,
    };

    /// <summary>The accounts labelled on the chart, by rank.</summary>
    public static IReadOnlyList<RankedAccount> LabelledAccounts(ReportData data) =>
        [.. data.Accounts.Where(a => a.Revenue > 0).OrderByDescending(a => a.Revenue).Take(Labelled).OrderBy(a => a.Rank)];

    public static Chart Create(ReportData data, ReportLanguage l)
    {
        var plot = Chart.NewPlot(l["kaism"], l["kaism.x"], l["kaism.y"], l);
        var t = data.Thresholds;
        plot.Add.VerticalLine(t.KaismAttractivenessSplit, 1.5f, Colors.Black.WithAlpha(0.6), LinePattern.Dashed);
        plot.Add.HorizontalLine(t.KaismValueSplit, 1.5f, Colors.Black.WithAlpha(0.6), LinePattern.Dashed);
        var maxRevenue = Math.Max(1, data.Accounts.Max(a => (double?)a.Revenue) ?? 1);
        float Size(double revenue) => (float)(5 + (22 * Math.Sqrt(revenue / maxRevenue)));
        foreach (var (quadrant, color) in QuadrantColors)
        {
            var members = data.Accounts.Where(a => a.Quadrant == quadrant).ToList();
            foreach (var a in members)
            {
                plot.Add.Marker(a.KaismAttractiveness, a.KaismValue, MarkerShape.FilledCircle, Size(a.Revenue), color.WithAlpha(0.7));
            }

            // One marker outside the view carries the legend entry for the quadrant.
            plot.Add.Marker(-100, -100, MarkerShape.FilledCircle, 10, color).LegendText = $"{l["quadrant." + quadrant]} ({members.Count})";
        }

        // Bubble size, explained: the largest account's size and a tenth of its revenue.
        foreach (var share in new[] { 1.0, 0.1 })
        {
            plot.Add.Marker(-100, -100, MarkerShape.OpenCircle, Size(maxRevenue * share), Colors.Black.WithAlpha(0.5)).LegendText =
                l.Format("kaism.bubble", l.Money(maxRevenue * share, data.Portfolio.Currency));
        }

        PlaceLabels(plot, LabelledAccounts(data));
        foreach (var (x, y, quadrant, alignment) in new[]
        {
            (10.0, 10.0, "key", Alignment.UpperRight), (0.0, 10.0, "prospective", Alignment.UpperLeft),
            (10.0, 0.0, "maintain", Alignment.LowerRight), (0.0, 0.0, "low_priority", Alignment.LowerLeft),
        })
        {
            var corner = plot.Add.Text(l["quadrant." + quadrant].ToUpperInvariant(), x, y);
            corner.LabelFontSize = 13;
            corner.LabelBold = true;
            corner.LabelFontColor = QuadrantColors[quadrant].WithAlpha(0.8);
            corner.LabelAlignment = alignment;
        }

        plot.Axes.SetLimits(0, 10, 0, 10);
        plot.ShowLegend(Edge.Bottom);
        var key = data.Accounts.Count(a => a.Quadrant == "key");
        return Chart.Render(plot, l["kaism"], l.Format("kaism.alt", key, data.Accounts.Count));
    }

    /// <summary>
    /// Rank numbers beside their bubbles, trying four sides in turn and taking the first that overlaps no label placed
    /// before (boxes estimated in axis units: the plot is 10 × 10 over about 1000 × 420 pixels).
    /// </summary>
    private static void PlaceLabels(Plot plot, IReadOnlyList<RankedAccount> accounts)
    {
        const double UnitsPerPixelX = 10.0 / 1000, UnitsPerPixelY = 10.0 / 420;
        var placed = new List<(double X0, double Y0, double X1, double Y1)>();
        foreach (var a in accounts)
        {
            var text = a.Rank.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var (w, h) = ((text.Length * 8 + 6) * UnitsPerPixelX, 16 * UnitsPerPixelY);
            (double Dx, double Dy, Alignment Align)[] sides =
            [
                (10 * UnitsPerPixelX, 0, Alignment.MiddleLeft), (-10 * UnitsPerPixelX, 0, Alignment.MiddleRight),
                (0, 12 * UnitsPerPixelY, Alignment.LowerCenter), (0, -12 * UnitsPerPixelY, Alignment.UpperCenter),
            ];
            var choice = sides[0];
            foreach (var side in sides)
            {
                var box = Box(a.KaismAttractiveness + side.Dx, a.KaismValue + side.Dy, w, h, side.Align);
                if (!placed.Any(p => box.X0 < p.X1 && p.X0 < box.X1 && box.Y0 < p.Y1 && p.Y0 < box.Y1))
                {
                    choice = side;
                    break;
                }
            }

            placed.Add(Box(a.KaismAttractiveness + choice.Dx, a.KaismValue + choice.Dy, w, h, choice.Align));
            var label = plot.Add.Text(text, a.KaismAttractiveness + choice.Dx, a.KaismValue + choice.Dy);
            label.LabelFontSize = 12;
            label.LabelBold = true;
            label.LabelAlignment = choice.Align;
            label.LabelBackgroundColor = Colors.White.WithAlpha(0.75);
        }
    }

    private static (double X0, double Y0, double X1, double Y1) Box(double x, double y, double w, double h, Alignment align) => align switch
    {
        Alignment.MiddleLeft => (x, y - (h / 2), x + w, y + (h / 2)),
        Alignment.MiddleRight => (x - w, y - (h / 2), x, y + (h / 2)),
        Alignment.LowerCenter => (x - (w / 2), y, x + (w / 2), y + h),
        _ => (x - (w / 2), y - h, x + (w / 2), y),
    };
}
