using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace ProfileUnifier.Lake.Parquet;

/// <summary>
/// Feeds an <see cref="XxHash128"/> in blocks: a snapshot table's content was fed value by value, three <c>Append</c>
/// calls a string (marker, length, characters) of a few bytes each, at 160k signatures half a million rows a refresh. A
/// streaming hash does not depend on how its input was cut, so the hash is the one the values fed one by one gave, and
/// the content tags in existing lakes stay valid.
/// </summary>
public sealed class ContentHasher
{
    private readonly XxHash128 _hash = new();
    private readonly byte[] _block = new byte[16 * 1024];
    private int _used;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _block.Length - _used)
        {
            Flush();
            if (bytes.Length >= _block.Length)
            {
                _hash.Append(bytes);
                return;
            }
        }

        bytes.CopyTo(_block.AsSpan(_used));
        _used += bytes.Length;
    }

    public void Append(byte value)
    {
        if (_used == _block.Length)
        {
            Flush();
        }

        _block[_used++] = value;
    }

    /// <summary>Text as its UTF-16 length and code units (as they are held in memory), in one step where the block has room.</summary>
    public void AppendText(ReadOnlySpan<char> chars)
    {
        var bytes = MemoryMarshal.AsBytes(chars);
        if (sizeof(int) + bytes.Length > _block.Length - _used)
        {
            Append(chars.Length);
            Append(bytes);
            return;
        }

        MemoryMarshal.Write(_block.AsSpan(_used), chars.Length);
        bytes.CopyTo(_block.AsSpan(_used + sizeof(int)));
        _used += sizeof(int) + bytes.Length;
    }

    /// <summary>The value's bytes as it is held in memory.</summary>
    public void Append<T>(T value)
        where T : unmanaged => Append(MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)));

    public byte[] GetCurrentHash()
    {
        Flush();
        return _hash.GetCurrentHash();
    }

    private void Flush()
    {
        _hash.Append(_block.AsSpan(0, _used));
        _used = 0;
    }
}
