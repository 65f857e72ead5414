using ProfileUnifier.Reporting.Charts;

namespace ProfileUnifier.Reporting;

/// <summary>The report's charts, rendered.</summary>
public sealed record ReportCharts(Chart Pareto, Chart Kaism, Chart Concentration, Chart Scoring)
{
    public static ReportCharts Render(ReportData data) =>
        new(ParetoChart.Create(data), KaismChart.Create(data), ConcentrationChart.Create(data), ScoringChart.Create(data));
}
