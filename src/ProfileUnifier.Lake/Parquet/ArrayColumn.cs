using System.Buffers;
using System.Runtime.CompilerServices;
using Parquet.Schema;

namespace ProfileUnifier.Lake.Parquet;

/// <summary>A column of values in a growable array.</summary>
public abstract class ArrayColumn<T>(DataField field) : ColumnBuffer(field)
{
    /// <summary>
    /// The arrays a column grows into, up to a touchpoint chunk's size, come from a pool of their own and go back to it
    /// when the column grows again, is reordered or is released. A chunk's rows live until their file is written: its
    /// arrays, allocated anew for every chunk, outlived young collections, were copied, and their old generation's
    /// collections followed. Larger arrays (a snapshot table's) are allocated and dropped as before.
    /// </summary>
    private static readonly ArrayPool<T> Pool = ArrayPool<T>.Create(1 << 17, 64);

    // Empty at first, then from the pool's smallest size up: a backfill commit can hold thousands of partitions with a
    // few rows each.
    protected T[] Items { get; private set; } = [];

    public override int Count => Length;

    protected int Length { get; private set; }

    // Inline, as the text columns' Add: a touchpoint row adds to a dozen of these, and the call cost more than the store.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(T value)
    {
        if (Length == Items.Length)
        {
            Grow(Length + 1);
        }

        Items[Length++] = value;
    }

    /// <summary>
    /// The array at its final size at once: grown by doubling, a snapshot table's 160k signatures allocated 2 MB a column
    /// at the end, after the arrays of every size before it.
    /// </summary>
    public override void Reserve(int rows)
    {
        if (Length + rows > Items.Length)
        {
            Grow(Length + rows);
        }
    }

    public override void AppendMissing(int rows)
    {
        for (var i = 0; i < rows; i++)
        {
            Add(default!);
        }
    }

    /// <summary>Replaces the value of row <paramref name="row"/>.</summary>
    public void Set(int row, T value) => Items[row] = value;

    /// <summary>The value of row <paramref name="row"/>.</summary>
    public T this[int row] => Items[row];

    /// <summary>Rows <paramref name="offset"/>.. as they are held.</summary>
    public ReadOnlySpan<T> Values(int offset, int count) => Items.AsSpan(offset, count);

    protected void AddRange(ReadOnlySpan<T> values)
    {
        if (Length + values.Length > Items.Length)
        {
            Grow(Length + values.Length);
        }

        values.CopyTo(Items.AsSpan(Length));
        Length += values.Length;
    }

    public override ColumnStats Statistics(int offset, int count)
    {
        long nulls = 0;
        T min = default!, max = default!;
        var any = false;
        for (var i = offset; i < offset + count; i++)
        {
            var value = Items[i];
            if (value is null)
            {
                nulls++;
            }
            else if (HasBounds(value))
            {
                if (!any || Compare(value, min) < 0)
                {
                    min = value;
                }

                if (!any || Compare(value, max) > 0)
                {
                    max = value;
                }

                any = true;
            }
        }

        return any ? new ColumnStats(nulls, min, max) : new ColumnStats(nulls, null, null);
    }

    public override long NullCount(int offset, int count)
    {
        long nulls = 0;
        foreach (var value in Items.AsSpan(offset, count))
        {
            nulls += value is null ? 1 : 0;
        }

        return nulls;
    }

    public override void AppendHash(ContentHasher hash, int offset, int count)
    {
        for (var i = offset; i < offset + count; i++)
        {
            var value = Items[i];
            hash.Append(value is null ? (byte)0 : (byte)1);
            if (value is not null)
            {
                HashValue(hash, value);
            }
        }
    }

    public override void Clear()
    {
        Array.Clear(Items, 0, Length);
        Length = 0;
    }

    public override void Permute(int[] order)
    {
        var reordered = Pool.Rent(Math.Max(16, order.Length));
        for (var i = 0; i < order.Length; i++)
        {
            reordered[i] = Items[order[i]];
        }

        PooledArrays.GiveBack(Pool, Items);
        Items = reordered;
        Length = order.Length;
    }

    /// <summary>Empties the column and gives its array back to the pool (a column no longer used: other columns take it).</summary>
    public override void Release()
    {
        Clear();
        PooledArrays.GiveBack(Pool, Items);
        Items = [];
    }

    protected virtual int Compare(T a, T b) => Comparer<T>.Default.Compare(a, b);

    /// <summary>False for values that are no bound (NaN).</summary>
    protected virtual bool HasBounds(T value) => true;

    protected abstract void HashValue(ContentHasher hash, T value);

    private void Grow(int needed) => Items = PooledArrays.Grown(Pool, Items, Length, Math.Max(needed, Items.Length * 2));
}
