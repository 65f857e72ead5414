namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>A growable array with by-reference access: the storage of the engine's column tables.</summary>
internal sealed class Column<T>(int capacity = 1024, T fill = default!)
{
    private T[] _items = Filled(Math.Max(capacity, 16), fill);

    public int Length => _items.Length;

    public ref T this[int index] => ref _items[index];

    public void EnsureCapacity(int count)
    {
        if (count <= _items.Length)
        {
            return;
        }

        var grown = Filled(Math.Max(count, _items.Length * 2), fill);
        Array.Copy(_items, grown, _items.Length);
        _items = grown;
    }

    public long ApproximateBytes(int elementBytes) => (long)_items.Length * elementBytes;

    private static T[] Filled(int length, T value)
    {
        var items = new T[length];
        if (!EqualityComparer<T>.Default.Equals(value, default!))
        {
            Array.Fill(items, value);
        }

        return items;
    }
}
