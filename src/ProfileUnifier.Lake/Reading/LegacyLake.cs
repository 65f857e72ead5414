using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Storage;

namespace ProfileUnifier.Lake.Reading;

/// <summary>
/// A lake written before the tables became Delta tables (a <c>_log/</c> commit log, snapshot tables as one file
/// each). No reader here reads it; <c>profileunifier convert</c> copies it into a new Delta lake.
/// </summary>
public static class LegacyLake
{
    public const string LogFolder = "_log";

    public static bool IsLegacy(string root, ILakeFileSystem fs) =>
        fs.DirectoryExists(Path.Combine(root, LogFolder)) &&
        !Directory.EnumerateDirectories(root).Any(d => fs.DirectoryExists(Path.Combine(d, DeltaLog.FolderName)));

    public static void ThrowIfLegacy(string root, ILakeFileSystem fs)
    {
        if (IsLegacy(root, fs))
        {
            throw new InvalidDataException(
                $"{root} was written by an earlier ProfileUnifier (a {LogFolder}/ commit log, not Delta tables); " +
                $"convert it into a new folder: `profileunifier convert --from {root} --lake <new folder>`");
        }
    }
}
