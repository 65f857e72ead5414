namespace ProfileUnifier.Lake.Storage;

/// <summary>The local (or mounted) file system, with the POSIX guarantees the protocol needs.</summary>
public sealed class LocalFileSystem : ILakeFileSystem
{
    public static LocalFileSystem Instance { get; } = new();

    public Stream CreateNew(string path) =>
        new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);

    public bool TryPublish(string source, string destination)
    {
        if (NativeFileSystem.TryLinkNoReplace(source, destination))
        {
            return true;
        }

        File.Delete(source);
        return false;
    }

    public void Replace(string source, string destination) => File.Move(source, destination, overwrite: true);

    public void Rename(string source, string destination) => File.Move(source, destination, overwrite: false);

    public Stream OpenRead(string path) => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);

    public byte[] ReadAllBytes(string path) => File.ReadAllBytes(path);

    public bool FileExists(string path) => File.Exists(path);

    public bool DirectoryExists(string path) => Directory.Exists(path);

    public long Length(string path) => new FileInfo(path).Length;

    public DateTime LastWriteTimeUtc(string path) => File.GetLastWriteTimeUtc(path);

    public IReadOnlyList<string> ListFiles(string folder, string pattern = "*") =>
        Directory.Exists(folder) ? [.. Directory.EnumerateFiles(folder, pattern).Select(p => Path.GetFileName(p))] : [];

    public IEnumerable<string> ListFilesRecursive(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories) : [];

    public void CreateDirectory(string path) => Directory.CreateDirectory(path);

    public void Delete(string path) => File.Delete(path);

    public void SyncData(string folder) => NativeFileSystem.SyncFiles(folder, []);

    public void SyncDirectory(string folder) => NativeFileSystem.FsyncDirectory(folder);
}
