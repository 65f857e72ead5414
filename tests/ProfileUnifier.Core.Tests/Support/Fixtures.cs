namespace ProfileUnifier.Core.Tests.Support;

/// <summary>Paths of the golden files and schemas copied next to the test assembly.</summary>
internal static class Fixtures
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static string Schema(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "schemas", name);

    public static string[] Lines(string name) => File.ReadAllLines(Path(name));

    /// <summary>The source copy of a fixture, for regenerating golden files with UPDATE_GOLDEN=1.</summary>
    public static string SourcePath(string name, [System.Runtime.CompilerServices.CallerFilePath] string caller = "")
    {
        var dir = new DirectoryInfo(System.IO.Path.GetDirectoryName(caller)!);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "ProfileUnifier.Core.Tests.csproj")))
        {
            dir = dir.Parent;
        }

        return System.IO.Path.Combine(dir!.FullName, "Fixtures", name);
    }

    public static bool UpdateGolden => Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";
}
