using ProfileUnifier.Analytics.Options;
using ProfileUnifier.Query;

namespace ProfileUnifier.Reporting;

/// <summary>Reads the latest rankings, renders the charts and writes the HTML report in place (staged, then renamed).</summary>
public static class ReportJob
{
    public static ReportSummary Write(LakeDatabase lake, AnalyticsOptions options, string path, ReportLanguage language, TimeProvider? clock = null)
    {
        var (html, data) = Render(lake, options, language, clock);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var staged = $"{full}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllText(staged, html);
            File.Move(staged, full, overwrite: true);
        }
        finally
        {
            File.Delete(staged);
        }

        return new ReportSummary(full, new FileInfo(full).Length, data.Accounts.Count, data.Portfolio.AsOf);
    }

    /// <summary>The report as one HTML page (charts embedded), and the figures it shows.</summary>
    public static (string Html, ReportData Data) Render(LakeDatabase lake, AnalyticsOptions options, ReportLanguage language, TimeProvider? clock = null)
    {
        var data = ReportDataReader.Read(lake, options);
        var charts = ReportCharts.Render(data, language);
        return (HtmlReport.Render(data, charts, lake.Root, (clock ?? TimeProvider.System).GetUtcNow().UtcDateTime, language), data);
    }
}

/// <summary>What <see cref="ReportJob"/> wrote.</summary>
public sealed record ReportSummary(string Path, long Bytes, int Accounts, DateOnly AsOf);
