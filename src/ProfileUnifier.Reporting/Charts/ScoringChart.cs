using System.Globalization;
using ScottPlot;

namespace ProfileUnifier.Reporting.Charts;

/// <summary>The weighted score of the top accounts, split into each criterion's contribution (weight × score).</summary>
public static class ScoringChart
{
    public const int Top = 10;

    private static readonly Color[] Palette =
        [.. new[] { "#1565C0", "#2E7D32", "#F9A825", "#6A1B9A", "#00838F", "#C62828", "#5D4037", "#AD1457" }.Select(Color.FromHex)];

    public static Chart Create(ReportData data)
    {
        var top = data.Accounts.Where(a => a.Score is not null).OrderBy(a => a.Rank).Take(Top).ToList();
        var plot = Chart.NewPlot("Weighted score of the top accounts by criterion", "score (0–10)", "");
        var bars = new List<Bar>();
        for (var i = 0; i < top.Count; i++)
        {
            var start = 0.0;
            for (var c = 0; c < data.Criteria.Count; c++)
            {
                var part = data.Criteria[c].Weight * (top[i].CriterionScores[c] ?? 0);
                bars.Add(new Bar
                {
                    Position = top.Count - i,
                    ValueBase = start,
                    Value = start + part,
                    FillColor = Palette[c % Palette.Length],
                    LineWidth = 0,
                    Orientation = Orientation.Horizontal,
                });
                start += part;
            }
        }

        var plottable = plot.Add.Bars(bars);
        plottable.Horizontal = true;
        for (var c = 0; c < data.Criteria.Count; c++)
        {
            var legend = plot.Add.Marker(-100, -100, MarkerShape.FilledSquare, 10, Palette[c % Palette.Length]);
            legend.LegendText = string.Create(CultureInfo.InvariantCulture, $"{data.Criteria[c].Name.Replace('_', ' ')} ({data.Criteria[c].Weight:P0})");
        }

        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. top.Select((_, i) => (double)(top.Count - i))], [.. top.Select(a => ConcentrationChart.Shorten(a.Name))]);
        plot.Axes.SetLimits(0, 10.5, 0.4, Math.Max(1, top.Count) + 0.6);
        plot.ShowLegend(Edge.Bottom);
        return Chart.Render(plot, "Scoring breakdown", "Each bar is an account's weighted score; each segment one criterion's weight × score.");
    }
}
