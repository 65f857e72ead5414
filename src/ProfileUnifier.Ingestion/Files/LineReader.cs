using System.IO.Compression;
using System.IO.Hashing;

namespace ProfileUnifier.Ingestion.Files;

/// <summary>
/// Splits a byte stream into lines ('\n', with an optional '\r' before it), without decoding. A line
/// longer than the limit is returned cut at the limit with <see cref="Line.Length"/> telling its real
/// size, so it can be rejected with a reason instead of exhausting memory. A leading UTF-8 BOM is dropped.
/// It counts the bytes it has consumed (<see cref="Position"/>: the end of the last line, its newline included)
/// and feeds exactly those bytes to <see cref="Prefix"/>, so the hash of the content up to any line end is known
/// without a second pass: what identifies how far into an input the lake has read (<see cref="InputLedger"/>).
/// </summary>
public sealed class LineReader : IDisposable
{
    private readonly Stream _stream;

    // The file itself, under a .gz's decompression: how much of the input has been read is its position.
    private readonly Stream _source;
    private readonly int _maxLineBytes;
    private byte[] _buffer = new byte[1 << 20];
    private int _start;
    private int _end;

    // Bytes in the buffer before this index have been fed to the prefix hash (≥ _start).
    private int _hashed;
    private long _read;
    private bool _eof;
    private bool _first = true;

    // The bytes of a last line with no newline after it: returned, but not consumed (see Line.Terminated).
    private int _tail;

    public LineReader(Stream stream, int maxLineBytes)
    {
        _stream = stream;
        _source = stream is GZipStream gzip ? gzip.BaseStream : stream;
        _maxLineBytes = maxLineBytes;
    }

    public static LineReader Open(InputFile file, int maxLineBytes) => new(OpenContent(file), maxLineBytes);

    /// <summary>The input's content as lines are read from it: the file, decompressed if it is a .gz.</summary>
    public static Stream OpenContent(InputFile file)
    {
        Stream stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return file.IsGzip ? new GZipStream(stream, CompressionMode.Decompress) : stream;
    }

    /// <summary>Bytes of content consumed: up to the end of the last line returned (its terminator included).</summary>
    public long Position => _read - (_end - _start) - _tail;

    /// <summary>
    /// Bytes of the input file read so far: of the compressed file for a .gz, and ahead of <see cref="Position"/> by what
    /// is buffered. How far an ingest is, against <see cref="InputFile.Bytes"/>.
    /// </summary>
    public long InputBytesRead => _source.CanSeek ? _source.Position : _read;

    /// <summary>XxHash64 of the content up to <see cref="Position"/>.</summary>
    public XxHash64 Prefix { get; } = new();

    /// <summary>One line: its bytes (at most the limit + 1, valid until the next call) and its full length.</summary>
    public readonly ref struct Line(ReadOnlySpan<byte> bytes, long length, bool terminated = true)
    {
        public ReadOnlySpan<byte> Bytes { get; } = bytes;

        public long Length { get; } = length;

        /// <summary>
        /// False for a last line with no newline after it: the input may still be being written, so the line may be
        /// cut short. It is not counted in <see cref="Position"/> (nor <see cref="Prefix"/>): a later read of the grown
        /// input starts at it again, whole.
        /// </summary>
        public bool Terminated { get; } = terminated;
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
                    // A line cut at the limit is consumed as it streamed: it is rejected as too long either way.
                    line = Take(_end - _start, 0, skipped, terminated: skipped > 0);
                    return true;
                }

                line = default;
                return false;
            }

            if (_end - _start > _maxLineBytes)
            {
                // Past the limit: keep the head for the rejected table, drop the rest of the line as it streams
                // (hashed first: the prefix hash covers every byte consumed, in order).
                Hash(_end);
                skipped += _end - _start - (_maxLineBytes + 1);
                _end = _hashed = _start + _maxLineBytes + 1;
            }

            Fill();
        }
    }

    /// <summary>Consumes the first <paramref name="bytes"/> bytes of content (hashing them) without splitting them into lines.</summary>
    public void Skip(long bytes)
    {
        while (bytes > 0)
        {
            if (_start == _end)
            {
                if (_eof)
                {
                    throw new InvalidDataException($"the input is shorter than the {bytes} more bytes the lake has read of it (it changed while being read)");
                }

                Fill();
                continue;
            }

            var take = (int)Math.Min(bytes, _end - _start);
            Hash(_start + take);
            _start += take;
            bytes -= take;
            _first = false;
        }
    }

    private Line Take(int length, int terminator, long skipped, bool terminated = true)
    {
        if (terminated)
        {
            Hash(_start + length + terminator);
        }
        else
        {
            _tail = length;
        }

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

        return new Line(bytes.Length > _maxLineBytes + 1 ? bytes[..(_maxLineBytes + 1)] : bytes, fullLength, terminated);
    }

    private void Hash(int upTo)
    {
        if (upTo > _hashed)
        {
            Prefix.Append(_buffer.AsSpan(_hashed, upTo - _hashed));
            _hashed = upTo;
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _hashed -= _start;
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
        _read += read;
    }

    public void Dispose() => _stream.Dispose();
}
