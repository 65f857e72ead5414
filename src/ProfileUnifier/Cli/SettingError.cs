using System.Text.RegularExpressions;

namespace ProfileUnifier.Cli;

/// <summary>
/// A setting .NET configuration could not convert (a word where a number goes, say), told in one sentence
/// that names the setting and the type it needs, never the value: it may be a password.
/// </summary>
internal static partial class SettingError
{
    public static string? Describe(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is InvalidOperationException && BinderMessage().Match(e.Message) is { Success: true } m)
            {
                return $"setting {m.Groups["key"].Value} is not {Kind(m.Groups["type"].Value)} (PROFILEUNIFIER_{m.Groups["key"].Value.Replace(":", "__", StringComparison.Ordinal)}, a --config file or appsettings.json)";
            }
        }

        return null;
    }

    private static string Kind(string type) => type switch
    {
        "System.Int32" or "System.Int64" or "System.Int16" => "a whole number",
        "System.Double" or "System.Single" or "System.Decimal" => "a number",
        "System.Boolean" => "true or false",
        "System.TimeSpan" => "a duration such as 00:00:05",
        "System.DateOnly" => "a date such as 2026-11-20",
        "System.DateTime" or "System.DateTimeOffset" => "a date and time",
        _ when type.Contains('.', StringComparison.Ordinal) => $"a valid {type[(type.LastIndexOf('.') + 1)..]}",
        _ => $"a valid {type}",
    };

    // Microsoft.Extensions.Configuration.Binder: "Failed to convert configuration value '{value}' at '{path}' to type '{type}'."
    [GeneratedRegex(@"^Failed to convert configuration value .* at '(?<key>[^']+)' to type '(?<type>[^']+)'", RegexOptions.Singleline)]
    private static partial Regex BinderMessage();
}
