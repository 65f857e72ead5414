using System.IO.Hashing;
using System.Text;

namespace ProfileUnifier.Core.Text;

/// <summary>
/// Text held as its UTF-8 bytes, compared by value; the default is no text (null). For a JSON object kept as it came on
/// its way from the line to a Parquet column: as a string it was decoded from the line's UTF-8 and encoded back for the
/// column, two passes over it and an object of twice its bytes per event.
/// </summary>
/// <remarks>
/// The bytes may be shared (see <see cref="Validation.RecentUtf8"/>), or be a slice of a larger array (see
/// <see cref="Validation.Utf8Arena"/>): nothing writes to them.
/// </remarks>
public readonly struct Utf8Text : IEquatable<Utf8Text>
{
    private readonly byte[]? _bytes;
    private readonly int _start;
    private readonly int _length;

    internal Utf8Text(byte[] bytes)
        : this(bytes, 0, bytes.Length)
    {
    }

    /// <summary>The text at <paramref name="start"/> of <paramref name="bytes"/> (see <see cref="Validation.Utf8Arena"/>).</summary>
    internal Utf8Text(byte[] bytes, int start, int length) => (_bytes, _start, _length) = (bytes, start, length);

    public bool IsNull => _bytes is null;

    /// <summary>The bytes (empty for no text).</summary>
    public ReadOnlySpan<byte> Span => _bytes is null ? default : _bytes.AsSpan(_start, _length);

    public static bool operator ==(Utf8Text left, Utf8Text right) => left.Equals(right);

    public static bool operator !=(Utf8Text left, Utf8Text right) => !left.Equals(right);

    public static Utf8Text From(string? text) => text is null ? default : new(Encoding.UTF8.GetBytes(text));

    /// <summary>The text as a string (made on each call), or null.</summary>
    public override string? ToString() => _bytes is null ? null : Encoding.UTF8.GetString(Span);

    public bool Equals(Utf8Text other) =>
        (ReferenceEquals(_bytes, other._bytes) && _start == other._start && _length == other._length)
        || (_bytes is not null && other._bytes is not null && Span.SequenceEqual(other.Span));

    public override bool Equals(object? obj) => obj is Utf8Text other && Equals(other);

    public override int GetHashCode() => _bytes is null ? 0 : (int)XxHash3.HashToUInt64(Span);
}
