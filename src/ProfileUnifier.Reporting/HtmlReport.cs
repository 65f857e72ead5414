using System.Globalization;
using System.Net;
using System.Text;
using ProfileUnifier.Reporting.Charts;

namespace ProfileUnifier.Reporting;

/// <summary>
/// Writes the report as one HTML file: inline CSS, charts as embedded PNG data, no script and no external
/// address, so it opens from disk or a mail attachment in any browser.
/// </summary>
public static class HtmlReport
{
    public const int TableRows = 25;

    public static string Render(ReportData data, ReportCharts charts, string lake, DateTime generatedAt)
    {
        var p = data.Portfolio;
        var html = new StringBuilder(capacity: 1 << 20);
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Key-account portfolio as of {p.AsOf:yyyy-MM-dd}</title>
            <style>{Css}</style>
            </head>
            <body>
            <header>
            <h1>Key-account portfolio</h1>
            <p class="meta">as of <b>{p.AsOf:yyyy-MM-dd}</b>, revenue window {p.WindowDays} days · generated {generatedAt:yyyy-MM-dd HH:mm} UTC from <code>{Encode(lake)}</code></p>
            </header>
            <section id="summary" class="cards">
            """);
        Card(html, "revenue in the window", Money(p.TotalRevenue), $"from {p.AccountsWithRevenue:N0} of {p.Accounts:N0} accounts");
        Card(html, "ABC classes", $"{p.ClassA} · {p.ClassB} · {p.ClassC}", $"A ≤ {data.Thresholds.ClassAUpTo:P0} of revenue, B ≤ {data.Thresholds.ClassBUpTo:P0}");
        Card(html, "HHI", p.Hhi.ToString("F3", CultureInfo.InvariantCulture), HhiReading(p.Hhi), p.Hhi > 0.25);
        Card(html, "top 1 / top 5 share", $"{Pct(p.Top1Share)} / {Pct(p.Top5Share)}", $"key (>{data.Thresholds.KeyShare:P0}): {p.KeyAccounts}, dependency (>{data.Thresholds.DependencyShare:P0}): {p.DependencyAccounts}", p.DependencyAccounts > 0);
        Card(html, "mono-client", p.MonoClient ? "YES" : "no", $"one account above {data.Thresholds.MonoShare:P0} of revenue", p.MonoClient);
        Card(html, "if the top 1 / 3 / 5 leave", $"−{Pct(p.StressTop1Share)} / −{Pct(p.StressTop3Share)} / −{Pct(p.StressTop5Share)}", "of revenue lost", p.StressTop1Share > data.Thresholds.DependencyShare);
        Card(html, "from accounts won in the window", Pct(p.RevenueShareNewAccounts), "share of revenue");
        Card(html, "declining activity", $"{p.DecliningAccounts:N0}", "accounts whose touchpoints dropped", p.DecliningAccounts > 0);
        html.Append("</section>\n");

        Figure(html, "pareto", charts.Pareto, "A handful of accounts carry most of the revenue: class A is where the cumulative curve reaches the A cut-off.");
        Figure(html, "kaism", charts.Kaism, "Key accounts (upper right) get investment; prospective ones (upper left) development; maintain (lower right) efficient service.");
        html.Append("<table class=\"small\"><tr><th>quadrant</th><th>accounts</th><th>revenue share</th></tr>");
        foreach (var group in data.Accounts.GroupBy(a => a.Quadrant).OrderByDescending(g => g.Sum(a => a.Share)))
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Encode(KaismChart.Label(group.Key))}</td><td class=\"n\">{group.Count()}</td><td class=\"n\">{Pct(group.Sum(a => a.Share))}</td></tr>");
        }

        html.Append("</table>\n");
        Figure(html, "concentration", charts.Concentration, "Shares above the dashed lines make the portfolio dependent on one client.");
        Table(html, "top-accounts", $"Top {ConcentrationChart.Top} accounts", data.Accounts.Where(a => a.Revenue > 0).Take(ConcentrationChart.Top),
            ["#", "account", "revenue", "share", "cumulative", "ABC", "flag", "KAISM", "risks"],
            a => [$"{a.Rank}", Encode(a.Name), Money(a.Revenue), Pct(a.Share), Pct(a.CumulativeShare), a.AbcClass, Encode(a.ShareFlag), Encode(a.Quadrant), Encode(string.Join(", ", a.RiskFlags))]);

        Table(html, "declining", "Accounts with declining activity", data.Accounts.Where(a => a.Declining).OrderByDescending(a => a.Revenue),
            ["account", "ABC", "revenue", "touchpoints, recent", "touchpoints, before", "change"],
            a => [Encode(a.Name), a.AbcClass, Money(a.Revenue), $"{a.TouchpointsRecent:N0}", $"{a.TouchpointsPrevious:N0}", Signed(a.ActivityChange)],
            "No account's activity dropped beyond the threshold.");
        Table(html, "payment-risk", "Payment delays and overdue invoices", data.Accounts
                .Where(a => a.RiskFlags.Contains("payment_delay") || a.RiskFlags.Contains("overdue")).OrderByDescending(a => a.OverdueAmount),
            ["account", "ABC", "revenue", "average delay, days", "overdue", "overdue share of revenue"],
            a => [Encode(a.Name), a.AbcClass, Money(a.Revenue), a.AvgPaymentDelayDays?.ToString("F1", CultureInfo.InvariantCulture) ?? "–", Money(a.OverdueAmount), a.Revenue > 0 ? Pct(a.OverdueAmount / a.Revenue) : "–"],
            "No account pays late beyond the threshold or has overdue invoices above it.");
        Table(html, "margin-risk", "Margin pressure", data.Accounts
                .Where(a => a.RiskFlags.Contains("margin_erosion") || a.RiskFlags.Contains("discount_growth")).OrderByDescending(a => a.Revenue),
            ["account", "ABC", "revenue", "margin", "margin trend", "discount trend"],
            a => [Encode(a.Name), a.AbcClass, Money(a.Revenue), a.Margin is { } m ? Pct(m) : "–", Signed(a.MarginTrend, points: true), Signed(a.DiscountTrend, points: true)],
            "No account's margin is eroding or discount growing beyond the thresholds.");

        Figure(html, "scoring", charts.Scoring, "Weights from the settings (Analytics:Scoring); criterion scores 0–10 from the lake's rankings.");
        var header = new List<string> { "account", "score" };
        header.AddRange(data.Criteria.Select(c => $"{c.Name.Replace('_', ' ')} ({c.Weight:P0})"));
        Table(html, "scoring-table", "Scoring breakdown of the top accounts", data.Accounts.Where(a => a.Score is not null).Take(ScoringChart.Top), header,
            a => [Encode(a.Name), a.Score?.ToString("F1", CultureInfo.InvariantCulture) ?? "–", .. a.CriterionScores.Select(s => s?.ToString(CultureInfo.InvariantCulture) ?? "–")]);

        html.Append(CultureInfo.InvariantCulture, $"""
            <footer>
            <p>Revenue counts each order once, in the window ending on the as-of date; amounts are summed as they come (one currency assumed).
            ABC: accounts by revenue, class A up to {data.Thresholds.ClassAUpTo:P0} of cumulative revenue, B up to {data.Thresholds.ClassBUpTo:P0}.
            HHI: the sum of squared revenue shares (1 = a single client). Figures from the lake's <code>rankings</code> and <code>portfolio_risk</code>,
            written by <code>profileunifier rank</code>; query them with <code>profileunifier query</code>.</p>
            </footer>
            </body>
            </html>

            """);
        return html.ToString();
    }

    private static void Card(StringBuilder html, string label, string value, string note, bool alert = false) =>
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"card{(alert ? " alert" : "")}\"><div class=\"label\">{Encode(label)}</div><div class=\"value\">{Encode(value)}</div><div class=\"note\">{Encode(note)}</div></div>\n");

    private static void Figure(StringBuilder html, string id, Chart chart, string caption) =>
        html.Append(CultureInfo.InvariantCulture,
            $"<section id=\"{id}\"><h2>{Encode(chart.Title)}</h2><figure><img src=\"data:image/png;base64,{Convert.ToBase64String(chart.Png)}\" width=\"{Chart.Width}\" height=\"{Chart.Height}\" alt=\"{Encode(chart.AltText)}\"><figcaption>{Encode(chart.AltText)} {Encode(caption)}</figcaption></figure></section>\n");

    private static void Table<T>(StringBuilder html, string id, string title, IEnumerable<T> rows, IReadOnlyList<string> header, Func<T, string[]> cells, string? empty = null)
    {
        var all = rows.ToList();
        html.Append(CultureInfo.InvariantCulture, $"<section id=\"{id}\"><h2>{Encode(title)} <span class=\"count\">({all.Count})</span></h2>\n");
        if (all.Count == 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"empty\">{Encode(empty ?? "None.")}</p></section>\n");
            return;
        }

        html.Append("<table><tr>");
        foreach (var h in header)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th>{Encode(h)}</th>");
        }

        html.Append("</tr>\n");
        foreach (var row in all.Take(TableRows))
        {
            html.Append("<tr>");
            foreach (var cell in cells(row))
            {
                var numeric = cell.Length > 0 && (char.IsAsciiDigit(cell[0]) || cell[0] is '−' or '+' or '-') ? " class=\"n\"" : "";
                html.Append(CultureInfo.InvariantCulture, $"<td{numeric}>{cell}</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</table>");
        if (all.Count > TableRows)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"more\">and {all.Count - TableRows} more: <code>profileunifier query</code> lists them all.</p>");
        }

        html.Append("</section>\n");
    }

    private static string HhiReading(double hhi) => hhi switch
    {
        < 0.15 => "unconcentrated (< 0.15)",
        <= 0.25 => "moderately concentrated (0.15–0.25)",
        _ => "highly concentrated (> 0.25)",
    };

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Money(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Pct(double value) => value.ToString("P1", CultureInfo.InvariantCulture);

    private static string Signed(double? value, bool points = false) => value switch
    {
        null => "–",
        { } v when points => (v >= 0 ? "+" : "−") + Math.Abs(v * 100).ToString("F1", CultureInfo.InvariantCulture) + " pp",
        { } v => (v >= 0 ? "+" : "−") + Math.Abs(v).ToString("P0", CultureInfo.InvariantCulture),
    };

    private const string Css = """
        body{font-family:"DejaVu Sans",system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1180px;padding:24px;color:#212121;background:#fafafa}
        h1{margin:0 0 4px}h2{margin:32px 0 8px;font-size:1.3em}.meta{color:#616161;margin:0}
        .cards{display:grid;grid-template-columns:repeat(4,1fr);gap:12px;margin-top:20px}
        .card{background:#fff;border:1px solid #e0e0e0;border-radius:8px;padding:12px}
        .card.alert{border-color:#c62828;background:#fff5f5}.label{color:#616161;font-size:.85em}
        .value{font-size:1.6em;font-weight:bold;margin:4px 0}.note{color:#757575;font-size:.8em}
        figure{margin:0;background:#fff;border:1px solid #e0e0e0;border-radius:8px;padding:8px}
        figure img{max-width:100%;height:auto;display:block}figcaption{color:#616161;font-size:.85em;padding:6px 4px 0}
        table{border-collapse:collapse;background:#fff;width:100%;font-size:.9em;margin-top:8px}
        table.small{width:auto}th,td{border-bottom:1px solid #eee;padding:5px 8px;text-align:left}
        th{background:#f5f5f5;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
        .count{color:#9e9e9e;font-weight:normal}.empty,.more{color:#757575}footer{margin-top:40px;color:#757575;font-size:.8em}
        """;
}
