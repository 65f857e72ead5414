using ScottPlot;

namespace ProfileUnifier.Reporting.Charts;

/// <summary>A rendered chart: a PNG and the text a reader without images gets instead.</summary>
public sealed record Chart(string Title, byte[] Png, string AltText)
{
    public const int Width = 1100;
    public const int Height = 520;

    /// <summary>Colours shared by every chart, so a class or quadrant looks the same everywhere.</summary>
    public static Color ClassA { get; } = Color.FromHex("#2E7D32");
    public static Color ClassB { get; } = Color.FromHex("#F9A825");
    public static Color ClassC { get; } = Color.FromHex("#9E9E9E");
    public static Color Accent { get; } = Color.FromHex("#1565C0");
    public static Color Warning { get; } = Color.FromHex("#C62828");

    public static Color ForClass(string abc) => abc switch { "A" => ClassA, "B" => ClassB, _ => ClassC };

    /// <summary>
    /// A sans font with Cyrillic that is installed; Skia's default (what ScottPlot falls back to) is a serif
    /// face on a Debian machine without fontconfig.
    /// </summary>
    public static string FontName { get; } = new[] { "DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial", "Segoe UI", "Helvetica" }
        .FirstOrDefault(f => SkiaSharp.SKFontManager.Default.GetFontFamilies().Contains(f, StringComparer.OrdinalIgnoreCase)) ?? Fonts.Sans;

    /// <summary>A plot with the report's look; tick labels write numbers the language's way.</summary>
    public static Plot NewPlot(string title, string xLabel, string yLabel, ReportLanguage language)
    {
        var plot = new Plot();
        string Number(double v) => v.ToString("#,0.##", language.Numbers);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = Number };
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = Number };
        plot.Font.Set(FontName);
        plot.Title(title, 18);
        plot.XLabel(xLabel, 14);
        plot.YLabel(yLabel, 14);
        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.08);
        return plot;
    }

    public static Chart Render(Plot plot, string title, string alt)
    {
        return new Chart(title, plot.GetImageBytes(Width, Height, ImageFormat.Png), alt);
    }
}
