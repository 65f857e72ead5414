using System.IO.MemoryMappedFiles;
using ProfileUnifier.Lake.Storage;

namespace ProfileUnifier.Testing;

/// <summary>
/// The local file system with a fault at a chosen step: every operation that changes the disk (create, publish,
/// rename, replace, delete, sync) is counted, and <see cref="FailAt"/> makes the n-th one throw — either an
/// <see cref="IOException"/> (a full disk, a lost share) or a <see cref="SimulatedCrashException"/> (the process
/// dies there: nothing after it runs, so every later operation throws it too). A failed create leaves a half-written file, as a crash would.
/// </summary>
public sealed class FaultInjectingFileSystem : ILakeFileSystem
{
    private readonly LocalFileSystem _inner = LocalFileSystem.Instance;
    private readonly Lock _gate = new();
    private int _operations;
    private volatile int _crashedAt;

    /// <summary>The 1-based operation to fail (0: none).</summary>
    public int FailAt { get; set; }

    /// <summary>Throw an IOException (true) or crash (false) at <see cref="FailAt"/>.</summary>
    public bool AsIoError { get; set; }

    /// <summary>How many operations from <see cref="FailAt"/> on fail (a disk that stays full for a while).</summary>
    public int FailCount { get; set; } = 1;

    /// <summary>
    /// Called with each disk-changing operation before it runs (on the thread doing it): a test holds a chosen step there
    /// until something happened, or fails it (by throwing).
    /// </summary>
    public Action<string>? BeforeStep { get; set; }

    /// <summary>Disk-changing operations seen so far.</summary>
    public int Operations => _operations;

    public List<string> Log { get; } = [];

    public Stream CreateNew(string path)
    {
        Step($"create {path}");
        return _inner.CreateNew(path);
    }

    public bool TryPublish(string source, string destination)
    {
        Step($"publish {destination}");
        return _inner.TryPublish(source, destination);
    }

    public void Replace(string source, string destination)
    {
        Step($"replace {destination}");
        _inner.Replace(source, destination);
    }

    public void Rename(string source, string destination)
    {
        Step($"rename {destination}");
        _inner.Rename(source, destination);
    }

    public void Delete(string path)
    {
        Step($"delete {path}");
        _inner.Delete(path);
    }

    public void SyncData(string folder)
    {
        Step($"sync {folder}");
        _inner.SyncData(folder);
    }

    public void SyncDirectory(string folder)
    {
        Step($"syncdir {folder}");
        _inner.SyncDirectory(folder);
    }

    public Stream OpenRead(string path) => _inner.OpenRead(path);

    public MemoryMappedFile MapRead(string path) => _inner.MapRead(path);

    public byte[] ReadAllBytes(string path) => _inner.ReadAllBytes(path);

    public bool FileExists(string path) => _inner.FileExists(path);

    public bool DirectoryExists(string path) => _inner.DirectoryExists(path);

    public long Length(string path) => _inner.Length(path);

    public DateTime LastWriteTimeUtc(string path) => _inner.LastWriteTimeUtc(path);

    public IReadOnlyList<string> ListFiles(string folder, string pattern = "*") => _inner.ListFiles(folder, pattern);

    public IEnumerable<string> ListFilesRecursive(string folder) => _inner.ListFilesRecursive(folder);

    public void CreateDirectory(string path) => _inner.CreateDirectory(path);

    private void Step(string what)
    {
        BeforeStep?.Invoke(what);
        int n;
        lock (_gate)
        {
            n = ++_operations;
            Log.Add(what);
        }

        if (_crashedAt > 0)
        {
            // Dead: a crash swallowed somewhere (the lease's heartbeat timer takes every exception) must not let the
            // "process" go on writing.
            throw new SimulatedCrashException(_crashedAt, $"{what} (after the crash)");
        }

        if (FailAt > 0 && n >= FailAt && n - FailAt < FailCount)
        {
            if (AsIoError)
            {
                throw new IOException($"injected I/O error at operation {n}: {what}");
            }

            _crashedAt = n;
            throw new SimulatedCrashException(n, what);
        }
    }
}

/// <summary>The process "died" at an injected fault: the test reopens the lake as a new process would.</summary>
public sealed class SimulatedCrashException(int operation, string what) : Exception($"simulated crash at operation {operation}: {what}")
{
    public int Operation { get; } = operation;
}
