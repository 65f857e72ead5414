using Microsoft.Extensions.Options;

namespace ProfileUnifier.Server;

/// <summary>Keys long enough to resist guessing, known roles, and no listening beyond this machine without keys.</summary>
internal sealed class ServerOptionsValidator : IValidateOptions<ServerOptions>
{
    public const int MinimumKeyLength = 16;

    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var key = options.ApiKeys[i];
            var which = $"Server:ApiKeys:{i}";
            if (key.Key.Length < MinimumKeyLength)
            {
                errors.Add($"{which}:Key must be at least {MinimumKeyLength} characters (e.g. openssl rand -hex 24)");
            }

            if (!Roles.All.Contains(key.Role))
            {
                errors.Add($"{which}:Role must be {string.Join(" or ", Roles.All)}");
            }
        }

        if (options.ApiKeys.Select(k => k.Key).Distinct(StringComparer.Ordinal).Count() != options.ApiKeys.Count)
        {
            errors.Add("Server:ApiKeys: each key must be different");
        }

        var addresses = options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (addresses.Length == 0 || addresses.Any(a => !Uri.TryCreate(a, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https")))
        {
            errors.Add("Server:Urls must be http:// or https:// addresses separated by ';'");
        }
        else if (options.ApiKeys.Count == 0 && addresses.Any(a => !IsLoopback(new Uri(a))))
        {
            errors.Add("Server:Urls listens beyond this machine: configure Server:ApiKeys first (or listen on 127.0.0.1)");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (System.Net.IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip));
}
