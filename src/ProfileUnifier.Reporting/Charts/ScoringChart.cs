using ScottPlot;

namespace ProfileUnifier.Reporting.Charts;

/// <summary>
/// The weighted score of the top accounts, split into each criterion's contribution. Weights are renormalised over
/// the criteria an account has a score for, exactly as the score is, so each bar ends at the account's score; an
/// account missing a criterion is marked with an asterisk, and the table shows which.
/// </summary>
public static class ScoringChart
{
    public const int Top = 10;

    private static readonly Color[] Palette =
        [.. new[] { "#1565C0", "#2E7D32", "#F9A825", "#6A1B9A", "#00838F", "#C62828", "#5D4037", "#AD1457" }.Select(Color.FromHex)];

    public static Chart Create(ReportData data, ReportLanguage l)
    {
        var top = data.Accounts.Where(a => a.Score is not null).OrderBy(a => a.Rank).Take(Top).ToList();
        var plot = Chart.NewPlot(l["scoring.title"], l["scoring.x"], "", l);
        var bars = new List<Bar>();
        for (var i = 0; i < top.Count; i++)
        {
            var scores = top[i].CriterionScores;
            var weights = data.Criteria.Where((_, c) => scores[c] is not null).Sum(c => c.Weight);
            var start = 0.0;
            for (var c = 0; c < data.Criteria.Count; c++)
            {
                if (scores[c] is not { } score || weights <= 0)
                {
                    continue;
                }

                var part = data.Criteria[c].Weight / weights * score;
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
            plot.Add.Marker(-100, -100, MarkerShape.FilledSquare, 10, Palette[c % Palette.Length]).LegendText =
                $"{l["criterion." + data.Criteria[c].Name]} ({l.Percent(data.Criteria[c].Weight, 0)})";
        }

        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. top.Select((_, i) => (double)(top.Count - i))],
            [.. top.Select(a => ConcentrationChart.Shorten(a.Name) + (a.CriterionScores.Any(s => s is null) ? " *" : ""))]);
        plot.Axes.SetLimits(0, 10.5, 0.4, Math.Max(1, top.Count) + 0.6);
        plot.ShowLegend(Edge.Bottom);
        return Chart.Render(plot, l["scoring"], l["scoring.alt"]);
    }
}
