using Microsoft.AspNetCore.Http;
using ProfileUnifier.Server.Lake;

namespace ProfileUnifier.Server.Console;

/// <summary>The ranking table with filters: ABC class, KAISM quadrant, share or risk flag.</summary>
internal static class RankingsPage
{
    private static readonly string[] Classes = ["A", "B", "C"];
    private static readonly string[] Quadrants = ["key", "prospective", "maintain", "low_priority"];
    private static readonly string[] Flags = ["key", "dependency", "mono", "declining", "payment_delay", "overdue", "margin_erosion", "discount_growth"];

    public static IResult Render(RankingFilter filter, int? page, HttpContext http, LakeReads lake, ServerOptions options)
    {
        var rows = lake.Rankings(filter, page ?? 1, options.PageSize, http.IsViewer());
        var body = $"""
            <form method="get" action="/rankings">
              {Select("abc", "ABC class", Classes, filter.Abc)} {Select("quadrant", "KAISM quadrant", Quadrants, filter.Quadrant)}
              {Select("flag", "flag", Flags, filter.Flag)} <button>Filter</button></form>
            """;
        body += Html.Table(rows.Items, ["rank", "name", "revenue", "revenue_share", "abc_class", "share_flag", "score", "kaism_quadrant", "risk_flags"], Html.Links, "rankings");
        body += Html.Pager(rows, http);
        return Html.Result("Rankings", body, http);
    }

    private static string Select(string name, string label, IEnumerable<string> values, string? chosen) =>
        $"<label>{Html.Encode(label)} <select name=\"{name}\"><option value=\"\">any</option>" +
        string.Concat(values.Select(v => $"<option{(v == chosen ? " selected" : "")}>{Html.Encode(v)}</option>")) + "</select></label>";
}
