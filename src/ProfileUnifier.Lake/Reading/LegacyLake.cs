using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Storage;

namespace ProfileUnifier.Lake.Reading;

/// <summary>
/// A lake written before the tables became Delta tables (a <c>_log/</c> commit log, snapshot tables as one file
/// each). Its files are still there, but no reader here trusts them; it is re-ingested from its inputs.
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
                $"re-ingest its inputs into a new lake: `profileunifier ingest --input <files> --lake <new folder>`");
        }
    }
}
