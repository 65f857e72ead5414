using Microsoft.AspNetCore.Http;

namespace ProfileUnifier.Server;

internal static class HttpContextRoles
{
    /// <summary>True when the caller's key is a viewer's: identifiers are masked for them.</summary>
    public static bool IsViewer(this HttpContext http) => !http.User.IsInRole(Roles.Analyst);
}
