namespace ProfileUnifier.Lake.Storage;

/// <summary>
/// A new lake file that asks the kernel to start writing its pages to disk while the process goes on: every
/// <see cref="KickEvery"/> bytes and when it is closed. A commit makes its files durable with one syncfs(2); without
/// this, the pages of everything written since the last commit (130 MB of Parquet for a million lines) are still
/// dirty then (the kernel starts on its own only at 10 % of memory or after 30 s) and the commit waits for all of
/// them to reach the disk, with nothing else to do. The same as RocksDB's <c>bytes_per_sync</c> and PostgreSQL's
/// <c>backend_flush_after</c>: sync_file_range(2) with SYNC_FILE_RANGE_WRITE only queues the writes. Durability still
/// rests on the commit's sync (or, where that cannot sync the whole file system, on an fsync when the file is closed).
/// </summary>
/// <param name="file">The new file.</param>
/// <param name="durableAtClose">
/// Whether to fsync the file when it is closed: where no commit can sync the whole file system at once
/// (<see cref="NativeFileSystem.SyncsFileSystem"/>), a file is made durable before a commit can name it.
/// </param>
internal sealed class WritebackFileStream(FileStream file, bool durableAtClose) : Stream
{
    /// <summary>Bytes written between two kicks.</summary>
    public const long KickEvery = 8L << 20;

    private long _sinceKick;
    private bool _closed;

    /// <summary>Whether the file is fsynced when closed.</summary>
    internal bool DurableAtClose => durableAtClose;

    /// <summary>How many times the kernel took the request (never, where there is no sync_file_range).</summary>
    internal int Kicks { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => file.CanSeek;

    public override bool CanWrite => file.CanWrite;

    public override long Length => file.Length;

    public override long Position
    {
        get => file.Position;
        set => file.Position = value;
    }

    public override void Flush() => file.Flush();

    /// <summary>Flushes and fsyncs the file (<see cref="DurableStreams.FlushToDisk"/>).</summary>
    public void FlushToDisk() => file.Flush(flushToDisk: true);

    public override Task FlushAsync(CancellationToken cancellationToken) => file.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => file.Seek(offset, origin);

    public override void SetLength(long value) => file.SetLength(value);

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        file.Write(buffer);
        Written(buffer.Length);
    }

    public override void WriteByte(byte value)
    {
        file.WriteByte(value);
        Written(1);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await file.WriteAsync(buffer, cancellationToken);
        Written(buffer.Length);
    }

    // DisposeAsync is Stream's, which calls this: a file's last flush is synchronous on Unix anyway.
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_closed)
        {
            _closed = true;
            using (file)
            {
                Kick();
                if (durableAtClose)
                {
                    FlushToDisk();
                }
            }
        }

        base.Dispose(disposing);
    }

    private void Written(long bytes)
    {
        _sinceKick += bytes;
        if (_sinceKick >= KickEvery)
        {
            Kick();
        }
    }

    /// <summary>What is still in the file stream's buffer is not the kernel's yet: flushed first.</summary>
    private void Kick()
    {
        _sinceKick = 0;
        file.Flush();
        Kicks += NativeFileSystem.StartWriteback(file.SafeFileHandle) ? 1 : 0;
    }
}
