using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace ProfileUnifier.Lake.Snapshots;

/// <summary>
/// A run file (<see cref="RunFiles{T}"/>) mapped into memory: its records as <see cref="MemoryManager{T}.Memory"/>,
/// read by the page cache as they are touched, so opening a run costs nothing however many records it holds. A mapped
/// run stays readable after the writer's clean-up deletes its file (a standby may still stand on it); its owner
/// unmaps it (<see cref="IDisposable.Dispose"/>) once nothing stands on it.
/// </summary>
public sealed unsafe class MappedRun<T> : MemoryManager<T>
    where T : unmanaged
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _records;
    private int _released;

    internal MappedRun(string name, MemoryMappedFile file, long headerBytes, long fileBytes)
    {
        Name = name;
        _file = file;
        _view = file.CreateViewAccessor(0, fileBytes, MemoryMappedFileAccess.Read);
        byte* start = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
        _records = start + _view.PointerOffset + headerBytes;
        Length = checked((int)((fileBytes - headerBytes) / sizeof(T)));
    }

    /// <summary>The file's name in the identity folder (what a checkpoint lists).</summary>
    public string Name { get; }

    public int Length { get; }

    public override Span<T> GetSpan() => new(_records, Length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(_records + ((long)elementIndex * sizeof(T)));

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _file.Dispose();
        }
    }

    public override string ToString() => $"{Name} ({Length} records)";
}
