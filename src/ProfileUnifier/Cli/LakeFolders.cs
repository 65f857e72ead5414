using ProfileUnifier.Lake.Delta;

namespace ProfileUnifier.Cli;

/// <summary>Checks a verb that maintains a lake does before it starts: the folder is a lake.</summary>
internal static class LakeFolders
{
    public static void RequireLake(string root)
    {
        if (!Directory.Exists(root) || !Directory.EnumerateDirectories(root).Any(d => Directory.Exists(Path.Combine(d, DeltaLog.FolderName))))
        {
            throw new DirectoryNotFoundException($"no lake at {root} (no Delta table in it)");
        }
    }
}
