using System.CommandLine;

namespace ProfileUnifier.Cli;

/// <summary>Options several verbs share.</summary>
internal static class CommonOptions
{
    /// <summary>Settings file layered over appsettings.json (any verb).</summary>
    public static Option<string?> Config { get; } = new("--config")
    {
        Description = "JSON settings file layered over appsettings.json (sections Lake, Ingest, Identity, ...)",
        Recursive = true,
    };

    public static Option<string?> Lake() => new("--lake")
    {
        Description = "lake root folder (default: Lake:Root from the settings, \"lake\")",
    };

    /// <summary>Turns the verb's --lake into the Lake:Root setting.</summary>
    public static Dictionary<string, string?> Overrides(string? lake)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (lake is not null)
        {
            overrides["Lake:Root"] = lake;
        }

        return overrides;
    }
}
