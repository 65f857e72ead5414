namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>
/// Append-only storage of UTF-8 values, each length-prefixed (7-bit encoded, as <see cref="BinaryWriter"/> writes a
/// string) in pages of <see cref="PageSize"/> bytes, found again by the position <see cref="Add"/> returned. Millions of
/// identifiers take their UTF-8 bytes plus one, where as strings each took an object of twice as many bytes and a header.
/// </summary>
internal sealed class Utf8Arena
{
    /// <summary>Pages stay below the large-object heap; a value never spans two (one longer than a page gets its own).</summary>
    public const int PageShift = 16;
    public const int PageSize = 1 << PageShift;
    private const int Mask = PageSize - 1;

    // Positions are ints: page number above PageShift bits, offset below.
    private const int MaxPages = 1 << (31 - PageShift);

    private byte[][] _pages = new byte[4][];
    private int _pageCount;
    private int _used;

    /// <summary>Bytes held in pages (the approximate size of the arena).</summary>
    public long Bytes { get; private set; }

    /// <summary>Appends a value; returns its position.</summary>
    public int Add(ReadOnlySpan<byte> utf8)
    {
        var needed = PrefixLength(utf8.Length) + utf8.Length;
        if (_pageCount == 0 || needed > _pages[_pageCount - 1].Length - _used)
        {
            NewPage(Math.Max(PageSize, needed));
        }

        var page = _pages[_pageCount - 1];
        var position = ((_pageCount - 1) << PageShift) | _used;
        var at = _used;
        for (var length = (uint)utf8.Length; ; length >>= 7)
        {
            if (length < 0x80)
            {
                page[at++] = (byte)length;
                break;
            }

            page[at++] = (byte)(length | 0x80);
        }

        utf8.CopyTo(page.AsSpan(at));
        _used = at + utf8.Length;
        return position;
    }

    /// <summary>The UTF-8 bytes of the value at <paramref name="position"/>.</summary>
    public ReadOnlySpan<byte> this[int position]
    {
        get
        {
            var page = _pages[position >> PageShift];
            var at = position & Mask;
            var length = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = page[at++];
                length |= (b & 0x7F) << shift;
                if (b < 0x80)
                {
                    break;
                }
            }

            return page.AsSpan(at, length);
        }
    }

    private static int PrefixLength(int length) => length < 0x80 ? 1 : length < 0x4000 ? 2 : length < 0x200000 ? 3 : length < 0x10000000 ? 4 : 5;

    private void NewPage(int size)
    {
        if (_pageCount == MaxPages)
        {
            throw new InvalidOperationException($"identifier values take more than {(long)MaxPages * PageSize} bytes");
        }

        if (_pageCount == _pages.Length)
        {
            Array.Resize(ref _pages, _pages.Length * 2);
        }

        _pages[_pageCount++] = new byte[size];
        _used = 0;
        Bytes += size;
    }
}
