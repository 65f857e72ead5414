namespace ProfileUnifier.Lake.Delta;

/// <summary>
/// Where a file an action names is on disk. The protocol allows absolute URIs in paths (shallow clones); this lake
/// never writes them, and a log that names a file outside its table (an absolute path, <c>..</c>, a scheme) is a
/// damaged or hostile log: reading it could leak any file the process can read, deleting by it any file it can
/// write. So every path read from a log resolves inside the table folder, or the log is refused.
/// </summary>
public static class DeltaPaths
{
    /// <summary>The absolute path of <paramref name="relative"/> (decoded) inside <paramref name="tableRoot"/>; throws when it leads outside.</summary>
    public static string Resolve(string tableRoot, string relative)
    {
        var root = Path.GetFullPath(tableRoot);
        if (!IsConfined(relative) || Path.GetFullPath(Path.Combine(root, relative)) is not { } full ||
            !full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{tableRoot}: the log names a file outside the table ({Shown(relative)}); refusing to read or delete by it");
        }

        return full;
    }

    /// <summary>A relative path of plain segments: not rooted, no scheme, no <c>.</c>/<c>..</c>, no backslash or NUL.</summary>
    public static bool IsConfined(string relative) =>
        relative.Length > 0 && !Path.IsPathRooted(relative) && !relative.Contains(':', StringComparison.Ordinal) &&
        !relative.Contains('\\', StringComparison.Ordinal) && !relative.Contains('\0', StringComparison.Ordinal) &&
        relative.Split('/').All(segment => segment.Length > 0 && segment is not ("." or ".."));

    // The path as the message shows it: short, and without control characters a hostile log might carry.
    private static string Shown(string relative) =>
        new([.. relative.Take(120).Select(c => char.IsControl(c) ? '?' : c)]);
}
