using System.IO.Compression;

namespace ProfileUnifier.Ingestion.Files;

/// <summary>
/// Splits a byte stream into lines ('\n', with an optional '\r' before it), without decoding. A line
/// longer than the limit is returned cut at the limit with <see cref="Line.Length"/> telling its real
/// size, so it can be rejected with a reason instead of exhausting memory. A leading UTF-8 BOM is dropped.
/// </summary>
public sealed class LineReader : IDisposable
{
    private readonly Stream _stream;
    private readonly int _maxLineBytes;
    private byte[] _buffer = new byte[1 << 20];
    private int _start;
    private int _end;
    private bool _eof;
    private bool _first = true;

    public LineReader(Stream stream, int maxLineBytes)
    {
        _stream = stream;
        _maxLineBytes = maxLineBytes;
    }

    public static LineReader Open(InputFile file, int maxLineBytes)
    {
        Stream stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        if (file.IsGzip)
        {
            stream = new GZipStream(stream, CompressionMode.Decompress);
        }

        return new LineReader(stream, maxLineBytes);
    }

    /// <summary>One line: its bytes (at most the limit + 1, valid until the next call) and its full length.</summary>
    public readonly ref struct Line(ReadOnlySpan<byte> bytes, long length)
    {
        public ReadOnlySpan<byte> Bytes { get; } = bytes;

        public long Length { get; } = length;
    }

    public bool TryRead(out Line line)
    {
        long skipped = 0;
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = Take(newline, 1, skipped);
                return true;
            }

            if (_eof)
            {
                if (_end > _start || skipped > 0)
                {
                    line = Take(_end - _start, 0, skipped);
                    return true;
                }

                line = default;
                return false;
            }

            if (_end - _start > _maxLineBytes)
            {
                // Past the limit: keep the head for the rejected table, drop the rest of the line as it streams.
                skipped += _end - _start - (_maxLineBytes + 1);
                _end = _start + _maxLineBytes + 1;
            }

            Fill();
        }
    }

    private Line Take(int length, int terminator, long skipped)
    {
        var bytes = _buffer.AsSpan(_start, length);
        var fullLength = length + skipped;
        _start += length + terminator;
        if (bytes.Length > 0 && bytes[^1] == (byte)'\r' && skipped == 0)
        {
            bytes = bytes[..^1];
            fullLength--;
        }

        if (_first)
        {
            _first = false;
            if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                bytes = bytes[3..];
                fullLength -= 3;
            }
        }

        return new Line(bytes.Length > _maxLineBytes + 1 ? bytes[..(_maxLineBytes + 1)] : bytes, fullLength);
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }

    public void Dispose() => _stream.Dispose();
}
