using Microsoft.AspNetCore.Http;
using ProfileUnifier.Query.Segments;
using ProfileUnifier.Server.Lake;

namespace ProfileUnifier.Server.Console;

/// <summary>The saved segments with their sizes, and one segment's members with its export links.</summary>
internal static class SegmentsPage
{
    public static IResult List(HttpContext http, LakeReads lake)
    {
        var rows = lake.Segments().Select(s => new Row
        {
            ["segment"] = s.Name, ["of"] = s.Of, ["members"] = s.Members, ["condition"] = s.Where, ["what it is"] = s.Problem ?? s.Description,
        });
        return Html.Result("Segments", Html.Table(rows, ["segment", "of", "members", "condition", "what it is"],
            (r, c) => c == "segment" ? Html.Link($"/segments/{Uri.EscapeDataString(r.Text("segment")!)}", r.Text("segment")) : null, "segments"), http);
    }

    public static IResult Members(string name, int? page, HttpContext http, LakeReads lake, SegmentOptions segments, ServerOptions options)
    {
        var members = lake.SegmentMembers(name, page ?? 1, options.PageSize, http.IsViewer());
        var definition = segments[name];
        var export = $"/api/v1/segments/{Uri.EscapeDataString(name)}/export";
        var body = $"<p>{Html.Encode(definition.Description)} <span class=\"muted\">({Html.Encode(definition.Of)} where <code>{Html.Encode(definition.Where)}</code>)</span></p>" +
            $"<p>Export: {Html.Link(export + "?format=csv", "CSV")} · {Html.Link(export + "?format=csv&bom=true", "CSV for Excel")}" +
            (http.IsViewer() ? "" : $" · {Html.Link(export + "?format=parquet", "Parquet")}") + "</p>";
        var columns = definition.SummaryColumns.Prepend(definition.Key).ToList();
        body += Html.Table(members.Items, columns, Html.Links, "members") + Html.Pager(members, http);
        return Html.Result($"Segment {name}", body, http);
    }
}
