using System.IO.MemoryMappedFiles;

namespace ProfileUnifier.Lake.Storage;

/// <summary>
/// The local (or mounted) file system, with the POSIX guarantees the protocol needs. Files and folders it creates get
/// <see cref="LakePermissions"/> (0640 and 0750 unless configured: the lake holds personal data, so not world-readable);
/// the process's umask can only take more away. Renames and links keep a file's mode.
/// </summary>
public sealed class LocalFileSystem(LakePermissions permissions) : ILakeFileSystem
{
    public static LocalFileSystem Instance { get; } = new(LakePermissions.Default);

    public LakePermissions Permissions { get; } = permissions;

    public Stream CreateNew(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 1 << 16 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = Permissions.Files;
        }

        return new WritebackFileStream(new FileStream(path, options), durableAtClose: !NativeFileSystem.SyncsFileSystem);
    }

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

    public MemoryMappedFile MapRead(string path) =>
        MemoryMappedFile.CreateFromFile(path, FileMode.Open, mapName: null, capacity: 0, MemoryMappedFileAccess.Read);

    public byte[] ReadAllBytes(string path) => File.ReadAllBytes(path);

    public bool FileExists(string path) => File.Exists(path);

    public bool DirectoryExists(string path) => Directory.Exists(path);

    public long Length(string path) => new FileInfo(path).Length;

    public DateTime LastWriteTimeUtc(string path) => File.GetLastWriteTimeUtc(path);

    public IReadOnlyList<string> ListFiles(string folder, string pattern = "*") =>
        Directory.Exists(folder) ? [.. Directory.EnumerateFiles(folder, pattern).Select(p => Path.GetFileName(p))] : [];

    public IEnumerable<string> ListFilesRecursive(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories) : [];

    public void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            // Each missing folder on the way gets the mode, not only the last one (Directory.CreateDirectory gives parents the default).
            var missing = new Stack<string>();
            for (var folder = Path.GetFullPath(path); !Directory.Exists(folder); folder = Path.GetDirectoryName(folder)!)
            {
                missing.Push(folder);
            }

            while (missing.TryPop(out var folder))
            {
                Directory.CreateDirectory(folder, Permissions.Folders);
            }
        }
    }

    public void Delete(string path) => File.Delete(path);

    public void SyncData(string folder) => NativeFileSystem.SyncFileSystem(folder);

    public void SyncDirectory(string folder) => NativeFileSystem.FsyncDirectory(folder);
}
