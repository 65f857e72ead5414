using System.Globalization;
using System.Net;
using System.Text;
using ProfileUnifier.Reporting.Charts;

namespace ProfileUnifier.Reporting;

/// <summary>
/// Writes the report as one HTML file: inline CSS, charts as embedded PNG data, no script and no external
/// address, so it opens from disk or a mail attachment in any browser. Every amount carries its currency; texts,
/// numbers and dates follow the report's language.
/// </summary>
public static class HtmlReport
{
    public const int TableRows = 25;

    public static string Render(ReportData data, ReportCharts charts, string lake, DateTime generatedAt, ReportLanguage l)
    {
        var p = data.Portfolio;
        var t = data.Thresholds;
        string Money(double v) => l.Money(v, p.Currency);
        var html = new StringBuilder(capacity: 1 << 20);
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="{l.Code}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{Encode(l.Format("title", l.Date(p.AsOf)))}</title>
            <style>{Css}</style>
            </head>
            <body>
            <header>
            <h1>{Encode(l["heading"])}</h1>
            <p class="meta">{Encode(l.Format("meta", l.Date(p.AsOf), p.WindowDays, p.Currency, l.Date(DateOnly.FromDateTime(generatedAt)) + " " + generatedAt.ToString("HH:mm", CultureInfo.InvariantCulture)))} <code>{Encode(lake)}</code></p>
            </header>
            <section id="summary" class="cards">
            """);
        var withoutRevenue = p.Accounts - p.AccountsWithRevenue;
        var c = p.ClassC - withoutRevenue;
        Card(html, l["card.revenue"], Money(p.TotalRevenue), l.Format("card.revenue.note", l.Number(p.AccountsWithRevenue), l.Number(p.Accounts)));
        if (p.UnconvertedOrders > 0)
        {
            Card(html, l["card.unconverted"], l.Number(p.UnconvertedOrders), l.Format("card.unconverted.note", string.Join(", ", p.UnconvertedAmounts)), alert: true);
        }

        Card(html, l["card.abc"], $"A {p.ClassA} · B {p.ClassB} · C {c}", l.Format("card.abc.note", l.Percent(t.ClassAUpTo, 0), l.Percent(t.ClassBUpTo, 0), withoutRevenue));
        Card(html, "HHI", p.Hhi.ToString("F3", l.Numbers), l[HhiReading(p.Hhi)], p.Hhi > 0.25);
        Card(html, l["card.top"], $"{l.Percent(p.Top1Share)} / {l.Percent(p.Top5Share)}",
            l.Format("card.top.note", l.Percent(t.KeyShare, 0), p.KeyAccounts, l.Percent(t.DependencyShare, 0), p.DependencyAccounts), p.DependencyAccounts > 0);
        Card(html, l["card.mono"], p.MonoClient ? l["yes"] : l["no"], l.Format("card.mono.note", l.Percent(t.MonoShare, 0)), p.MonoClient);
        Card(html, l["card.stress"], $"−{l.Percent(p.StressTop1Share)} / −{l.Percent(p.StressTop3Share)} / −{l.Percent(p.StressTop5Share)}", l["card.stress.note"],
            p.StressTop1Share > t.DependencyShare);
        Card(html, l["card.new"], l.Percent(p.RevenueShareNewAccounts), l["card.new.note"]);
        Card(html, l["card.declining"], l.Number(p.DecliningAccounts), l.Format("card.declining.note", l.Percent(p.DeclineFalseAlarmRate, 2)), p.DecliningAccounts > 0);
        Card(html, l["card.alerts"], l.Number(data.Alerts.Count), l.Format("card.alerts.note", data.Alerts.Count(a => a.Severity == "critical")),
            data.Alerts.Any(a => a.Severity == "critical"));
        html.Append("</section>\n");

        Table(html, l, "alerts", l["alerts"], data.Alerts, [l["col.severity"], l["col.kind"], l["col.account"], l["col.opened"], l["col.what"]],
            a => [Encode(l["severity." + a.Severity]), Encode(l["kind." + a.Kind]), Encode(a.Account ?? l["portfolio"]), l.Date(a.OpenedOn), Encode(a.Message)],
            l["alerts.empty"], limit: 10);

        Figure(html, "pareto", charts.Pareto, l["pareto.caption"]);
        Figure(html, "kaism", charts.Kaism, l.Format("kaism.caption", KaismChart.Labelled));
        html.Append("<div class=\"pair\">");
        InlineTable(html, [l["col.number"], l["col.account"], l["col.quadrant"], l["col.revenue"]], KaismChart.LabelledAccounts(data),
            a => [$"{a.Rank}", Encode(a.Name), Encode(l["quadrant." + a.Quadrant]), Money(a.Revenue)]);
        InlineTable(html, [l["col.quadrant"], l["col.accounts"], l["col.revenueShare"]], data.Accounts.GroupBy(a => a.Quadrant).OrderByDescending(g => g.Sum(a => a.Share)),
            g => [Encode(l["quadrant." + g.Key]), $"{g.Count()}", l.Percent(g.Sum(a => a.Share))]);
        html.Append("</div>\n");
        Figure(html, "concentration", charts.Concentration, l["concentration.caption"]);
        Figure(html, "quarters", charts.Quarters, l["quarters.caption"]);
        Table(html, l, "top-accounts", l.Format("top", ConcentrationChart.Top), data.Accounts.Where(a => a.Revenue > 0).Take(ConcentrationChart.Top),
            ["#", l["col.account"], l["col.revenue"], l["col.share"], l["col.cumulative"], "ABC", l["col.flag"], "KAISM", l["col.risks"]],
            a => [$"{a.Rank}", Encode(a.Name), Money(a.Revenue), l.Percent(a.Share), l.Percent(a.CumulativeShare), a.AbcClass, Encode(l["flag." + a.ShareFlag]),
                Encode(l["quadrant." + a.Quadrant]), Encode(string.Join(", ", a.RiskFlags.Select(f => l["risk." + f])))]);

        Table(html, l, "scenarios", l["scenarios"], data.Accounts.Where(a => a.Revenue > 0).Take(t.ScenarioAccounts),
            [l["col.account"], l["col.revenueLost"], l["col.share"], l["col.marginLost"], l["col.marginShare"], l["col.replaceable"]],
            a => [Encode(a.Name), Money(a.Revenue), l.Percent(a.Share), a.GrossMargin is { } g ? Money(g) : "–", a.MarginShare is { } m ? l.Percent(m) : "–",
                a.ReplaceableShare is { } r ? l.Percent(r, 0) : "–"],
            note: l.Format("scenarios.note", Money(p.ProspectiveGrowth)));

        Table(html, l, "declining", l["declining"], data.Accounts.Where(a => a.Declining).OrderByDescending(a => a.Revenue),
            [l["col.account"], "ABC", l["col.revenue"], l["col.recent"], l["col.expected"], l["col.change"]],
            a => [Encode(a.Name), a.AbcClass, Money(a.Revenue), l.Number(a.TouchpointsRecent), l.Number(a.TouchpointsExpected, 1), Signed(l, a.ActivityChange)],
            l["declining.empty"], l.Format("declining.note", l.Percent(p.DeclineFalseAlarmRate, 2)));
        Table(html, l, "payment-risk", l["payments"], data.Accounts
                .Where(a => a.RiskFlags.Contains("payment_delay") || a.RiskFlags.Contains("overdue")).OrderByDescending(a => a.OverdueAgedAmount),
            [l["col.account"], "ABC", l["col.revenue"], l["col.medianDelay"], l["col.paidInvoices"], l["col.overdue"], l["col.overdueAged"]],
            a => [Encode(a.Name), a.AbcClass, Money(a.Revenue), a.MedianPaymentDelayDays is { } d ? l.Number(d, 1) : "–", l.Number(a.PaidInvoices),
                Money(a.OverdueAmount), Money(a.OverdueAgedAmount)],
            l["payments.empty"]);
        Table(html, l, "margin-risk", l["margins"], data.Accounts
                .Where(a => a.RiskFlags.Contains("margin_erosion") || a.RiskFlags.Contains("discount_growth")).OrderByDescending(a => a.Revenue),
            [l["col.account"], "ABC", l["col.revenue"], l["col.margin"], l["col.marginTrend"], l["col.discountTrend"]],
            a => [Encode(a.Name), a.AbcClass, Money(a.Revenue), a.Margin is { } m ? l.Percent(m) : "–", Signed(l, a.MarginTrend, points: true), Signed(l, a.DiscountTrend, points: true)],
            l["margins.empty"]);

        Campaigns(html, data, l);

        Figure(html, "scoring", charts.Scoring, l["scoring.caption"]);
        var header = new List<string> { l["col.account"], l["col.score"] };
        header.AddRange(data.Criteria.Select(x => $"{l["criterion." + x.Name]} ({l.Percent(x.Weight, 0)})"));
        Table(html, l, "scoring-table", l["scoringTable"], data.Accounts.Where(a => a.Score is not null).Take(ScoringChart.Top), header,
            a => [Encode(a.Name), a.Score?.ToString("F1", l.Numbers) ?? "–", .. a.CriterionScores.Select(s => s?.ToString(CultureInfo.InvariantCulture) ?? $"<span class=\"missing\">{Encode(l["noData"])}</span>")]);

        html.Append(CultureInfo.InvariantCulture, $"""
            <footer>
            <p>{Encode(l.Format("footer", p.Currency, l.Percent(t.ClassAUpTo, 0), l.Percent(t.ClassBUpTo, 0)))}</p>
            </footer>
            </body>
            </html>

            """);
        return html.ToString();
    }

    private static void Campaigns(StringBuilder html, ReportData data, ReportLanguage l)
    {
        var (campaigns, rows) = CampaignSummary.Matrix(data);
        html.Append(CultureInfo.InvariantCulture, $"<section id=\"campaigns\"><h2>{Encode(l["campaigns"])}</h2>\n");
        if (campaigns.Count == 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"empty\">{Encode(l["campaigns.empty"])}</p>");
        }
        else
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">{Encode(l["campaigns.legend"])}</p><table><tr><th>{Encode(l["col.account"])}</th>");
            foreach (var campaign in campaigns)
            {
                html.Append(CultureInfo.InvariantCulture, $"<th>{Encode(campaign)}</th>");
            }

            html.Append("</tr>\n");
            foreach (var (account, cells) in rows)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Encode(account.Name)}</td>");
                foreach (var cell in cells)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<td class=\"reaction {cell.ToString().ToLowerInvariant()}\" title=\"{Encode(l["reaction." + cell])}\">{Symbol(cell)}</td>");
                }

                html.Append("</tr>\n");
            }

            html.Append("</table>\n");
        }

        var stopped = CampaignSummary.Stopped(data);
        html.Append(CultureInfo.InvariantCulture, $"<h3 id=\"stopped-reacting\">{Encode(l.Format("stopped", data.Thresholds.RecentCampaignDays))} <span class=\"count\">({stopped.Count})</span></h3>");
        if (stopped.Count == 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"empty\">{Encode(l["stopped.empty"])}</p>");
        }
        else
        {
            InlineTable(html, [l["col.account"], l["col.revenue"], l["col.lastReaction"], l["col.recentCampaigns"]], stopped,
                s => [Encode(s.Account.Name), l.Money(s.Account.Revenue, data.Portfolio.Currency), l.Date(DateOnly.FromDateTime(s.LastReaction)), $"{s.RecentCampaigns}"]);
        }

        html.Append("</section>\n");
    }

    private static string Symbol(Reaction reaction) => reaction switch
    {
        Reaction.Replied => "↩",
        Reaction.Clicked => "✓",
        Reaction.Opened => "○",
        Reaction.Sent => "·",
        _ => "",
    };

    private static void Card(StringBuilder html, string label, string value, string note, bool alert = false) =>
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"card{(alert ? " alert" : "")}\"><div class=\"label\">{Encode(label)}</div><div class=\"value\">{Encode(value)}</div><div class=\"note\">{Encode(note)}</div></div>\n");

    private static void Figure(StringBuilder html, string id, Chart chart, string caption) =>
        html.Append(CultureInfo.InvariantCulture,
            $"<section id=\"{id}\"><h2>{Encode(chart.Title)}</h2><figure><img src=\"data:image/png;base64,{Convert.ToBase64String(chart.Png)}\" width=\"{Chart.Width}\" height=\"{Chart.Height}\" alt=\"{Encode(chart.AltText)}\"><figcaption>{Encode(chart.AltText)} {Encode(caption)}</figcaption></figure></section>\n");

    private static void Table<T>(StringBuilder html, ReportLanguage l, string id, string title, IEnumerable<T> rows, IReadOnlyList<string> header,
        Func<T, string[]> cells, string? empty = null, string? note = null, int limit = TableRows)
    {
        var all = rows.ToList();
        html.Append(CultureInfo.InvariantCulture, $"<section id=\"{id}\"><h2>{Encode(title)} <span class=\"count\">({all.Count})</span></h2>\n");
        if (note is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">{Encode(note)}</p>");
        }

        if (all.Count == 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"empty\">{Encode(empty ?? l["none"])}</p></section>\n");
            return;
        }

        InlineTable(html, header, all.Take(limit), cells);
        if (all.Count > limit)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"more\">{Encode(l.Format("more", all.Count - limit))}</p>");
        }

        html.Append("</section>\n");
    }

    private static void InlineTable<T>(StringBuilder html, IReadOnlyList<string> header, IEnumerable<T> rows, Func<T, string[]> cells)
    {
        html.Append("<table><tr>");
        foreach (var h in header)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th>{Encode(h)}</th>");
        }

        html.Append("</tr>\n");
        foreach (var row in rows)
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
    }

    private static string HhiReading(double hhi) => hhi switch
    {
        < 0.15 => "hhi.low",
        <= 0.25 => "hhi.moderate",
        _ => "hhi.high",
    };

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Signed(ReportLanguage l, double? value, bool points = false) => value switch
    {
        null => "–",
        { } v when points => (v >= 0 ? "+" : "−") + Math.Abs(v * 100).ToString("F1", l.Numbers) + " " + l["pp"],
        { } v => (v >= 0 ? "+" : "−") + l.Percent(Math.Abs(v), 0),
    };

    private const string Css = """
        body{font-family:"DejaVu Sans",system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1180px;padding:24px;color:#212121;background:#fafafa}
        h1{margin:0 0 4px}h2{margin:32px 0 8px;font-size:1.3em}h3{margin:20px 0 6px;font-size:1.05em}.meta{color:#616161;margin:0}
        .cards{display:grid;grid-template-columns:repeat(4,1fr);gap:12px;margin-top:20px}
        .card{background:#fff;border:1px solid #e0e0e0;border-radius:8px;padding:12px}
        .card.alert{border-color:#c62828;background:#fff5f5}.label{color:#616161;font-size:.85em}
        .value{font-size:1.45em;font-weight:bold;margin:4px 0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}.note{color:#757575;font-size:.8em}
        figure{margin:0;background:#fff;border:1px solid #e0e0e0;border-radius:8px;padding:8px}
        figure img{max-width:100%;height:auto;display:block}figcaption{color:#616161;font-size:.85em;padding:6px 4px 0}
        table{border-collapse:collapse;background:#fff;width:100%;font-size:.9em;margin-top:8px}
        .pair{display:grid;grid-template-columns:3fr 2fr;gap:16px;align-items:start}th,td{border-bottom:1px solid #eee;padding:5px 8px;text-align:left}
        th{background:#f5f5f5;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        td.reaction{text-align:center;font-size:1.1em}td.replied,td.clicked{color:#2e7d32;font-weight:bold}td.opened{color:#1565c0}td.sent{color:#9e9e9e}
        .missing{color:#9e9e9e;font-style:italic}.count{color:#9e9e9e;font-weight:normal}.empty,.more,.note{color:#757575}
        footer{margin-top:40px;color:#757575;font-size:.8em}
        """;
}
