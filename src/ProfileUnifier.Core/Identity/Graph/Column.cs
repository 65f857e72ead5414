namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>
/// A growable array with by-reference access: the storage of the engine's column tables. It grows by
/// pages of <see cref="PageSize"/> elements, never by copying: a doubling array holds up to twice what it
/// needs (three times while it copies), which at millions of identifiers is most of the engine's memory.
/// </summary>
internal sealed class Column<T>(int capacity = 1024, T fill = default!)
{
    public const int PageShift = 14;
    public const int PageSize = 1 << PageShift;
    private const int Shift = PageShift;
    private const int Mask = PageSize - 1;

    private T[][] _pages = Pages(capacity, fill);
    private int _allocated = Math.Max(1, (capacity + Mask) >> Shift);

    public int Length => _allocated * PageSize;

    public ref T this[int index] => ref _pages[index >> Shift][index & Mask];

    public void EnsureCapacity(int count)
    {
        if (count <= Length)
        {
            return;
        }

        var pages = (count + Mask) >> Shift;
        if (pages > _pages.Length)
        {
            // Only the small array of page references doubles; pages are added one by one.
            var grown = new T[Math.Max(pages, _pages.Length * 2)][];
            Array.Copy(_pages, grown, _allocated);
            _pages = grown;
        }

        for (; _allocated < pages; _allocated++)
        {
            _pages[_allocated] = Page(fill);
        }
    }

    public long ApproximateBytes(int elementBytes) => (long)Length * elementBytes;

    /// <summary>One page of the storage (for reading and writing a checkpoint a page at a time).</summary>
    public Span<T> Page(int page) => _pages[page];

    private static T[][] Pages(int capacity, T fill)
    {
        var pages = new T[Math.Max(1, (capacity + Mask) >> Shift)][];
        for (var i = 0; i < pages.Length; i++)
        {
            pages[i] = Page(fill);
        }

        return pages;
    }

    private static T[] Page(T fill)
    {
        var page = new T[PageSize];
        if (!EqualityComparer<T>.Default.Equals(fill, default!))
        {
            Array.Fill(page, fill);
        }

        return page;
    }
}
