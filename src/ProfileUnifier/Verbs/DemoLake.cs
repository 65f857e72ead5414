namespace ProfileUnifier.Verbs;

/// <summary>
/// The demo starts from an empty lake every time, so it deletes the lake it made last time, and only that: a
/// folder is the demo's when it holds the marker file the demo writes on creating it. Anything else that is not
/// empty is refused, so a mistyped <c>--lake</c> never costs anyone a folder.
/// </summary>
internal static class DemoLake
{
    public const string Marker = ".profileunifier-demo";

    public static void Prepare(string root)
    {
        if (File.Exists(root))
        {
            throw new ArgumentException($"--lake {root} is a file; the demo needs a new or empty folder");
        }

        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
        {
            if (!File.Exists(Path.Combine(root, Marker)))
            {
                throw new ArgumentException($"--lake {root} is not empty and is not a lake the demo made, so the demo leaves it alone; give a new or empty folder");
            }

            Directory.Delete(root, recursive: true);
        }

        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, Marker), "made by `profileunifier demo`, which deletes this folder when it runs again\n");
    }
}
