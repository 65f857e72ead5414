using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ProfileUnifier.Server;

/// <summary>
/// Keyed access: a key from the <c>X-Api-Key</c> header, <c>Authorization: Bearer</c>, or the console's login
/// cookie, compared in constant time with <c>Server:ApiKeys</c>. With no keys configured everyone is an
/// analyst (the server then listens on loopback only: <see cref="ServerOptionsValidator"/>). An API caller
/// without a key gets 401 with a problem-details body; a browser is sent to the login page.
/// </summary>
internal sealed class ApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> schemes, ILoggerFactory loggers, UrlEncoder encoder, IOptions<ServerOptions> server)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemes, loggers, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";
    public const string Cookie = "pu_key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var keys = server.Value.ApiKeys;
        if (keys.Count == 0)
        {
            return Task.FromResult(Success("local", Roles.Analyst));
        }

        var presented = Presented(Request);
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        return Task.FromResult(Match(keys, presented) is { } key
            ? Success(key.Name, key.Role)
            : AuthenticateResult.Fail("unknown key"));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (!Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            Response.Redirect($"/login?returnUrl={Uri.EscapeDataString(Request.Path + Request.QueryString)}");
            return;
        }

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(statusCode: 401, title: "Unauthorized",
            detail: $"send a key in the {Header} header or as Authorization: Bearer <key>").ExecuteAsync(Context);
    }

    /// <summary>The configured key equal to <paramref name="presented"/>, every candidate compared in constant time.</summary>
    public static ApiKey? Match(IEnumerable<ApiKey> keys, string presented)
    {
        var given = Encoding.UTF8.GetBytes(presented);
        ApiKey? found = null;
        foreach (var key in keys)
        {
            if (CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(key.Key)))
            {
                found = key;
            }
        }

        return found;
    }

    private static string? Presented(HttpRequest request)
    {
        if (request.Headers[Header].FirstOrDefault() is { Length: > 0 } header)
        {
            return header;
        }

        var authorization = request.Headers.Authorization.FirstOrDefault();
        if (authorization?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) == true)
        {
            return authorization["Bearer ".Length..].Trim();
        }

        return request.Cookies[Cookie];
    }

    private AuthenticateResult Success(string name, string role)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
