namespace ProfileUnifier.Lake.Parquet;

/// <summary>
/// The stream a native Parquet writer writes to, keeping the first exception the stream threw: ParquetSharp passes an
/// error in a write to the C++ writer as text and throws a <c>ParquetException</c> of its own, so a full disk or a
/// failed file would otherwise reach the caller as that, not as the <see cref="IOException"/> it was.
/// </summary>
internal sealed class FailureKeepingStream(Stream inner) : Stream
{
    /// <summary>The first exception the stream threw, if any.</summary>
    public Exception? Failure { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Kept(() => inner.Write(buffer, offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        try
        {
            inner.Write(buffer);
        }
        catch (Exception ex)
        {
            Failure ??= ex;
            throw;
        }
    }

    public override void Flush() => Kept(inner.Flush);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void Kept(Action write)
    {
        try
        {
            write();
        }
        catch (Exception ex)
        {
            Failure ??= ex;
            throw;
        }
    }
}
