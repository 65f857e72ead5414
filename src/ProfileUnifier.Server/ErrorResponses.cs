using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ProfileUnifier.Query;
using ProfileUnifier.Server.Console;

namespace ProfileUnifier.Server;

/// <summary>
/// The one mapping from failures to responses: not found → 404, bad input or SQL → 400, as problem details
/// (RFC 9457) on the API and as a page in the console. Anything else is a 500 without internals.
/// </summary>
internal sealed class ErrorResponses(RequestDelegate next, ILogger<ErrorResponses> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        try
        {
            await next(http);
        }
        catch (Exception ex) when (!http.Response.HasStarted && ex is not OperationCanceledException)
        {
            var (status, title) = ex switch
            {
                NotFoundException => (404, "Not found"),
                ArgumentException or LakeQueryException or FormatException => (400, "Bad request"),
                _ => (500, "Server error"),
            };
            var detail = status == 500 ? "the server could not answer; the log has the details" : ex.Message;
            if (status == 500)
            {
                logger.LogError(ex, "Request {Path} failed", http.Request.Path);
            }

            http.Response.Clear();
            if (http.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
            {
                await Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(http);
            }
            else
            {
                await Results.Content(Html.Page(title, $"<p class=\"error\">{Html.Encode(detail)}</p>", http), "text/html; charset=utf-8", null, status).ExecuteAsync(http);
            }
        }
    }
}
