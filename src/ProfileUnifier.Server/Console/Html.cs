using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http;
using ProfileUnifier.Query.Output;
using ProfileUnifier.Server.Lake;

namespace ProfileUnifier.Server.Console;

/// <summary>The console's page frame and small HTML pieces. Plain server-rendered HTML: no script, no build step.</summary>
internal static class Html
{
    private const string Style = """
        body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
        header{background:#1f3a5f;color:#fff;padding:.6rem 1.2rem;display:flex;gap:1.2rem;align-items:center}
        header a{color:#fff;text-decoration:none;font-weight:500}header .who{margin-left:auto;font-size:.85rem;opacity:.85}
        header form{display:inline;margin:0}header button{background:none;border:1px solid #fff8;color:#fff;border-radius:4px;cursor:pointer}
        main{padding:1rem 1.4rem;max-width:1200px}h1{font-size:1.5rem;margin:.4rem 0 .8rem}h2{font-size:1.1rem;margin:1.4rem 0 .5rem}
        table{border-collapse:collapse;background:#fff;margin:.3rem 0;font-size:.9rem}th,td{border:1px solid #dde2e8;padding:.3rem .55rem;text-align:left;vertical-align:top}
        th{background:#eef1f5;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
        .card{display:grid;grid-template-columns:max-content auto;gap:.15rem 1rem;background:#fff;border:1px solid #dde2e8;padding:.7rem 1rem;width:max-content;max-width:100%}
        .card dt{color:#5b6573}.card dd{margin:0}.badge{display:inline-block;padding:0 .45rem;border-radius:9px;background:#e4ebf5;margin-right:.3rem;font-size:.85rem}
        .risk{background:#fbe3e1;color:#8a1f11}.muted{color:#6b7480}.error{color:#8a1f11;font-weight:500}
        form.search input[type=search]{font-size:1rem;padding:.4rem .6rem;width:28rem;max-width:70vw}button,select,input{font-size:.95rem}
        nav.pages a{margin-right:.8rem}
        """;

    public static string Encode(object? value) => WebUtility.HtmlEncode(value as string ?? ValueText.Display(value));

    public static string Page(string title, string body, HttpContext http)
    {
        var user = http.User.Identity?.IsAuthenticated == true
            ? $"<span class=\"who\">{Encode(http.User.Identity.Name)} · {Encode(http.User.FindFirst(ClaimTypes.Role)?.Value)}" +
              (http.User.Identity.Name == "local" ? "" : " <form method=\"post\" action=\"/logout\"><button>log out</button></form>") + "</span>"
            : "";
        return $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{Encode(title)} · ProfileUnifier</title><style>{Style}</style></head>
            <body><header><a href="/">ProfileUnifier</a><a href="/">Search</a><a href="/rankings">Rankings</a><a href="/segments">Segments</a><a href="/report">Report</a>{user}</header>
            <main><h1>{Encode(title)}</h1>
            {body}
            </main></body></html>
            """;
    }

    /// <summary>Label/value pairs as a definition list (values already HTML).</summary>
    public static string Card(params (string Label, string? Html)[] items) =>
        "<dl class=\"card\">" + string.Concat(items.Where(i => !string.IsNullOrEmpty(i.Html)).Select(i => $"<dt>{Encode(i.Label)}</dt><dd>{i.Html}</dd>")) + "</dl>";

    /// <summary>Rows as a table of the given columns; <paramref name="cell"/> may turn a value into a link.</summary>
    public static string Table(IEnumerable<Row> rows, IReadOnlyList<string> columns, Func<Row, string, string?>? cell = null, string? id = null)
    {
        var html = new StringBuilder(id is null ? "<table>" : $"<table id=\"{id}\">");
        html.Append("<thead><tr>").AppendJoin("", columns.Select(c => $"<th>{Encode(c)}</th>")).Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var column in columns)
            {
                var value = row.GetValueOrDefault(column);
                var number = value is int or long or double or float or decimal;
                html.Append(number ? "<td class=\"n\">" : "<td>").Append(cell?.Invoke(row, column) ?? Encode(value)).Append("</td>");
            }

            html.Append("</tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }

    public static string Link(string href, object? text) => $"<a href=\"{WebUtility.HtmlEncode(href)}\">{Encode(text)}</a>";

    public static string ProfileHref(string id) => $"/profiles/{Uri.EscapeDataString(id)}";

    public static string AccountHref(string id) => $"/accounts/{Uri.EscapeDataString(id)}";

    /// <summary>Links the id and name columns of people and accounts to their pages.</summary>
    public static string? Links(Row row, string column) => column switch
    {
        "profile_id" when row.Text("profile_id") is { } p => Link(ProfileHref(p), p),
        "name" or "account_id" when row.Text("account_id") is { } a => Link(AccountHref(a), row.GetValueOrDefault(column)),
        "account_name" when row.Text("account_id") is { } a => Link(AccountHref(a), row.GetValueOrDefault(column)),
        "person" when row.Text("profile_id") is { } p => Link(ProfileHref(p), row.GetValueOrDefault(column)),
        _ => null,
    };

    public static string Badges(IEnumerable<string> flags, bool risk = false) =>
        string.Concat(flags.Where(f => f.Length > 0).Select(f => $"<span class=\"badge{(risk ? " risk" : "")}\">{Encode(f)}</span>"));

    /// <summary>Previous / next links for a paged list, keeping the other query parameters.</summary>
    public static string Pager<T>(Paged<T> page, HttpContext http)
    {
        var pages = (int)Math.Max(1, (page.Total + page.PageSize - 1) / page.PageSize);
        string To(int p)
        {
            var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(http.Request.QueryString.Value);
            var pairs = query.Where(q => q.Key != "page").Select(q => new KeyValuePair<string, string?>(q.Key, q.Value.ToString())).Append(new("page", p.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(http.Request.Path, pairs);
        }

        return $"<nav class=\"pages\"><span class=\"muted\">page {page.Number} of {pages} ({page.Total:N0})</span> " +
            (page.Number > 1 ? Link(To(page.Number - 1), "← previous") + " " : "") + (page.Number < pages ? Link(To(page.Number + 1), "next →") : "") + "</nav>";
    }

    public static IResult Result(string title, string body, HttpContext http) =>
        Results.Content(Page(title, body, http), "text/html; charset=utf-8");
}
