using System.Text;
using Microsoft.AspNetCore.Http;
using ProfileUnifier.Server.Lake;

namespace ProfileUnifier.Server.Api;

/// <summary>Serves a segment as a download: CSV streamed row by row, or Parquet written by DuckDB to the server's export folder.</summary>
internal static class SegmentExport
{
    public static async Task<IResult> Handle(string name, string? format, bool? bom, HttpContext http, LakeReads lake, ExportFolder folder)
    {
        switch (format ?? "csv")
        {
            case "csv":
                // Buffered: the lake is read under its lock, and a slow client must not hold that lock.
                await using (var text = new StringWriter())
                {
                    var rows = lake.ExportCsv(name, text, http.IsViewer());
                    var bytes = new UTF8Encoding(bom == true).GetPreamble().Concat(Encoding.UTF8.GetBytes(text.ToString())).ToArray();
                    http.Response.Headers["X-Members"] = rows.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return Results.File(bytes, "text/csv; charset=utf-8", $"{name}.csv");
                }

            case "parquet" when http.IsViewer():
                return Results.Problem(statusCode: 403, title: "Forbidden", detail: "viewers export CSV, where identifiers are masked");
            case "parquet":
                var path = lake.ExportParquet(name, folder.Path);
                var content = await File.ReadAllBytesAsync(path, http.RequestAborted);
                File.Delete(path);
                return Results.File(content, "application/vnd.apache.parquet", $"{name}.parquet");
            default:
                throw new ArgumentException("format is csv or parquet");
        }
    }
}
