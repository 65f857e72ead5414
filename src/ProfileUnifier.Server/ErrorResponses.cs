using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ProfileUnifier.Lake.Privacy;
using ProfileUnifier.Query;
using ProfileUnifier.Server.Console;

namespace ProfileUnifier.Server;

/// <summary>
/// The one mapping from failures to responses: not found → 404, bad input or SQL → 400, a pseudonymised lake served
/// without its key → 503 naming the setting, as problem details (RFC 9457) on the API and as a page in the console.
/// Anything else is a 500 without internals.
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
                // The server's set-up, not the request: lookups work again once the key is set (the message says which).
                LakePrivacyException => (503, "Service unavailable"),
                _ => (500, "Server error"),
            };
            var detail = status == 500 ? "the server could not answer; the log has the details" : ex.Message;
            if (status == 500)
            {
                logger.LogError(ex, "Request {Path} failed", http.Request.Path);
            }
            else if (status == 503)
            {
                logger.LogWarning("Request {Path}: {Reason}", http.Request.Path, ex.Message);
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
