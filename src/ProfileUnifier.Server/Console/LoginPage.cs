using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ProfileUnifier.Server.Console;

/// <summary>
/// The console's sign-in: the key goes into an HttpOnly, SameSite=Strict cookie that the key handler reads,
/// so a browser needs no header tricks. A wrong key is a 401 page, never a hint which part was wrong.
/// </summary>
internal static class LoginPage
{
    public static IResult Form(string? returnUrl, HttpContext http, string? error = null) => Results.Content(Html.Page("Sign in", $"""
        {(error is null ? "" : $"<p class=\"error\">{Html.Encode(error)}</p>")}
        <form method="post" action="/login"><input type="hidden" name="returnUrl" value="{Html.Encode(returnUrl ?? "/")}">
        <label>Key <input type="password" name="key" autocomplete="current-password" autofocus></label> <button>Sign in</button></form>
        """, http), "text/html; charset=utf-8", null, error is null ? 200 : 401);

    public static async Task<IResult> Submit(HttpContext http, IOptions<ServerOptions> options)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var returnUrl = form["returnUrl"].ToString();
        if (!returnUrl.StartsWith('/') || returnUrl.StartsWith("//", StringComparison.Ordinal))
        {
            returnUrl = "/";
        }

        if (ApiKeyHandler.Match(options.Value.ApiKeys, form["key"].ToString()) is null)
        {
            return Form(returnUrl, http, "That key is not valid.");
        }

        http.Response.Cookies.Append(ApiKeyHandler.Cookie, form["key"].ToString(), new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = http.Request.IsHttps, Path = "/",
        });
        return Results.Redirect(returnUrl);
    }

    public static IResult Logout(HttpContext http)
    {
        http.Response.Cookies.Delete(ApiKeyHandler.Cookie);
        return Results.Redirect("/login");
    }
}
