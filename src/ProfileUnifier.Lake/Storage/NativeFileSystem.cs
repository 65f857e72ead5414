using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ProfileUnifier.Lake.Storage;

/// <summary>
/// The two POSIX guarantees the commit protocol rests on and .NET does not expose: an atomic
/// create-if-absent of a complete file (link(2) fails if the name exists) and a durable directory
/// entry (fsync(2) on the directory).
/// </summary>
internal static partial class NativeFileSystem
{
    private const int EEXIST = 17;
    private const int ORdOnly = 0;
    private const int ODirectory = 0x10000;

    /// <summary>Gives <paramref name="source"/> the name <paramref name="destination"/> unless that name exists (the source stays when it does).</summary>
    public static bool TryLinkNoReplace(string source, string destination)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            // Windows: MoveFileEx without REPLACE_EXISTING is atomic and fails if the target exists.
            try
            {
                File.Move(source, destination, overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(destination))
            {
                return false;
            }
        }

        if (Link(source, destination) == 0)
        {
            File.Delete(source);
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno == EEXIST)
        {
            return false;
        }

        throw new IOException($"link({source}, {destination}) failed with errno {errno}");
    }

    /// <summary>Makes renames and creations inside <paramref name="directory"/> durable.</summary>
    public static void FsyncDirectory(string directory)
    {
        if (OperatingSystem.IsLinux())
        {
            CallOnFolder(directory, Fsync, "fsync");
        }
    }

    /// <summary>
    /// Whether <see cref="SyncFileSystem"/> makes the content of every file written durable (Linux, with syncfs(2));
    /// elsewhere a lake file is fsynced when it is closed (<see cref="WritebackFileStream"/>).
    /// </summary>
    public static bool SyncsFileSystem => OperatingSystem.IsLinux();

    /// <summary>
    /// Makes the content of freshly written files durable. On Linux one syncfs(2) of their file system costs about what
    /// one fsync does, where fsync per file costs milliseconds each (a commit can stage thousands of partition files);
    /// elsewhere nothing is left to do (<see cref="SyncsFileSystem"/>).
    /// </summary>
    public static void SyncFileSystem(string folder)
    {
        if (SyncsFileSystem)
        {
            CallOnFolder(folder, SyncFs, "syncfs");
        }
    }

    /// <summary>Opens a folder and calls <paramref name="call"/> (fsync, syncfs) on it; either failing is an IOException with the errno.</summary>
    private static void CallOnFolder(string folder, Func<int, int> call, string name)
    {
        var fd = Open(folder, ORdOnly | ODirectory);
        if (fd < 0)
        {
            throw new IOException($"open({folder}) failed with errno {Marshal.GetLastPInvokeError()}");
        }

        try
        {
            if (call(fd) != 0)
            {
                throw new IOException($"{name}({folder}) failed with errno {Marshal.GetLastPInvokeError()}");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>
    /// Queues the writing of a file's dirty pages to disk and returns without waiting (Linux; elsewhere nothing): a hint,
    /// so a refusal is not an error. True if the kernel took it.
    /// </summary>
    public static bool StartWriteback(SafeFileHandle file) =>
        OperatingSystem.IsLinux() && !file.IsInvalid && !file.IsClosed && SyncFileRange(file, 0, 0, SyncFileRangeWrite) == 0;

    // SYNC_FILE_RANGE_WRITE: start writing out the range's dirty pages not already being written; do not wait.
    private const uint SyncFileRangeWrite = 2;

    [LibraryImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    private static partial int SyncFileRange(SafeFileHandle fd, long offset, long bytes, uint flags);

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static partial int SyncFs(int fd);

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string oldPath, string newPath);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
