using ProfileUnifier.Reporting.Charts;

namespace ProfileUnifier.Reporting;

/// <summary>The report's charts, rendered in its language.</summary>
public sealed record ReportCharts(Chart Pareto, Chart Kaism, Chart Concentration, Chart Quarters, Chart Scoring)
{
    public static ReportCharts Render(ReportData data, ReportLanguage language) =>
        new(ParetoChart.Create(data, language), KaismChart.Create(data, language), ConcentrationChart.Create(data, language),
            QuarterChart.Create(data, language), ScoringChart.Create(data, language));
}
