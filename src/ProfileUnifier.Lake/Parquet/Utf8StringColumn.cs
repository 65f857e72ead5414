using System.Buffers;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Parquet;
using Parquet.Schema;
using ParquetSharp;
using ParquetSharp.Schema;
using ProfileUnifier.Core.Text;
using Encoding = System.Text.Encoding;

namespace ProfileUnifier.Lake.Parquet;

/// <summary>
/// A string column held as UTF-8 bytes in pooled arrays instead of one string object per row. A touchpoint chunk's
/// rows live until their file is written, through several collections: as strings, every young collection copied them
/// and most reached the old generation before dying; as bytes in a few arrays the collector has nothing to trace. The
/// file is the same: values are written, ordered and hashed as <see cref="StringColumn"/> does.
/// </summary>
public sealed class Utf8StringColumn(string name, bool nullable = true) : ColumnBuffer(new DataField<string>(name, nullable))
{
    private const int NullLength = -1;

    // Pools of their own: a chunk's 30-odd text columns each grow arrays of the same sizes, more than the shared pool keeps
    // per size, and then every chunk allocated its arrays anew (the large ones on the large-object heap). What these
    // pools keep is bounded by the chunks alive at once (the ingest's pipeline bounds those).
    private static readonly ArrayPool<byte> BytePool = ArrayPool<byte>.Create(1 << 28, 128);
    private static readonly ArrayPool<Slot> SlotPool = ArrayPool<Slot>.Create(1 << 26, 256);

    // Row i is _bytes[_slots[i].Start..][.._slots[i].Length], or null when its length is NullLength. Reordering rows
    // (Permute) moves only the slots. One array, not one of starts and one of lengths: a pool may hand out an array
    // larger than asked, so two arrays grown together could differ in length.
    private byte[] _bytes = [];
    private Slot[] _slots = [];
    private int _used;
    private int _count;

    public override JsonNode DeltaType => "string";

    public override int Count => _count;

    /// <summary>The value of row <paramref name="row"/> (made into a string on each call).</summary>
    public string? this[int row] => IsNull(row) ? null : Encoding.UTF8.GetString(Value(row));

    /// <summary>Whether row <paramref name="row"/> is null.</summary>
    public bool IsNull(int row) => _slots[row].Length == NullLength;

    /// <summary>Row <paramref name="row"/>'s UTF-8 bytes, as held (empty for a null).</summary>
    public ReadOnlySpan<byte> Utf8(int row) => IsNull(row) ? default : Value(row);

    public void Add(string? value)
    {
        if (value is null)
        {
            AddNull();
            return;
        }

        // Room for the longest UTF-8 of the value: 3 bytes a UTF-16 unit.
        Commit(Encoding.UTF8.GetBytes(value, Reserve(3 * (long)value.Length)));
    }

    /// <summary>Adds a value formatted straight into the column's bytes (no string in between).</summary>
    public void Add<T>(T value)
        where T : IUtf8SpanFormattable
    {
        for (var room = 64; ; room *= 2)
        {
            if (value.TryFormat(Reserve(room), out var written, default, null))
            {
                Commit(written);
                return;
            }
        }
    }

    public override void AppendMissing(int rows)
    {
        for (var i = 0; i < rows; i++)
        {
            AddNull();
        }
    }

    public override Node CreateNode() => ColumnWrites.Leaf(Name, IsNullable, PhysicalType.ByteArray, LogicalType.String);

    /// <summary>Hands the writer pointers into the column's bytes: no value is copied or transcoded on the way.</summary>
    public override unsafe void Write(ColumnWriter writer, int offset, int count)
    {
        var levels = ArrayPool<short>.Shared.Rent(Math.Max(1, count));
        var present = ArrayPool<ByteArray>.Shared.Rent(Math.Max(1, count));
        try
        {
            fixed (byte* start = _bytes)
            {
                var n = 0;
                for (var i = 0; i < count; i++)
                {
                    var slot = _slots[offset + i];
                    if (slot.Length == NullLength)
                    {
                        levels[i] = 0;
                        continue;
                    }

                    levels[i] = 1;
                    present[n++] = new ByteArray((nint)(start + slot.Start), slot.Length);
                }

                ColumnWrites.Leaves(writer, IsNullable, levels.AsSpan(0, count), present.AsSpan(0, n));
            }
        }
        finally
        {
            ArrayPool<short>.Shared.Return(levels);
            ArrayPool<ByteArray>.Shared.Return(present);
        }
    }

    public override async Task AppendAsync(ParquetRowGroupReader rowGroup, Field fileField, int rows, CancellationToken ct)
    {
        var values = new string?[rows];
        await rowGroup.ReadAsync((DataField)fileField, values, cancellationToken: ct);
        foreach (var value in values)
        {
            Add(value);
        }
    }

    public override ColumnStats Statistics(int offset, int count)
    {
        long nulls = 0;
        int min = -1, max = -1;
        for (var row = offset; row < offset + count; row++)
        {
            if (IsNull(row))
            {
                nulls++;
                continue;
            }

            if (min < 0 || Utf8Ordinal.Compare(Value(row), Value(min)) < 0)
            {
                min = row;
            }

            if (max < 0 || Utf8Ordinal.Compare(Value(row), Value(max)) > 0)
            {
                max = row;
            }
        }

        return min < 0 ? new ColumnStats(nulls, null, null) : new ColumnStats(nulls, this[min], this[max]);
    }

    public override long NullCount(int offset, int count)
    {
        long nulls = 0;
        foreach (var slot in _slots.AsSpan(offset, count))
        {
            nulls += slot.Length == NullLength ? 1 : 0;
        }

        return nulls;
    }

    /// <summary>Feeds the rows to the hash exactly as <see cref="StringColumn"/> does (UTF-16 length and code units).</summary>
    public override void AppendHash(XxHash128 hash, int offset, int count)
    {
        Span<byte> marker = [0];
        var chars = ArrayPool<char>.Shared.Rent(256);
        try
        {
            for (var row = offset; row < offset + count; row++)
            {
                var isNull = IsNull(row);
                marker[0] = isNull ? (byte)0 : (byte)1;
                hash.Append(marker);
                if (isNull)
                {
                    continue;
                }

                if (chars.Length < _slots[row].Length)
                {
                    ArrayPool<char>.Shared.Return(chars);
                    chars = ArrayPool<char>.Shared.Rent(_slots[row].Length);
                }

                var length = Encoding.UTF8.GetChars(Value(row), chars);
                hash.Append(MemoryMarshal.AsBytes(new ReadOnlySpan<int>(in length)));
                hash.Append(MemoryMarshal.AsBytes(chars.AsSpan(0, length)));
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>Empties the column, keeping its arrays for the rows that refill it.</summary>
    public override void Clear()
    {
        _used = 0;
        _count = 0;
    }

    /// <summary>Empties the column and gives its arrays back to the pool (a column no longer used: other columns take them).</summary>
    public override void Release()
    {
        PooledArrays.GiveBack(BytePool, _bytes);
        PooledArrays.GiveBack(SlotPool, _slots);
        _bytes = [];
        _slots = [];
        Clear();
    }

    public override void Permute(int[] order)
    {
        var slots = SlotPool.Rent(Math.Max(16, order.Length));
        for (var i = 0; i < order.Length; i++)
        {
            slots[i] = _slots[order[i]];
        }

        PooledArrays.GiveBack(SlotPool, _slots);
        _slots = slots;
        _count = order.Length;
    }

    private ReadOnlySpan<byte> Value(int row) => _bytes.AsSpan(_slots[row].Start, _slots[row].Length);

    private void AddNull()
    {
        if (_count == _slots.Length)
        {
            GrowSlots();
        }

        _slots[_count++] = new Slot(_used, NullLength);
    }

    /// <summary>
    /// Room for one more row and at least <paramref name="bytes"/> more bytes. Inline, growth out of line: a row of
    /// touchpoints appends to some 30 text columns, and the usual append is two compares, a transcoding and a slot.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Reserve(long bytes)
    {
        if (_count == _slots.Length)
        {
            GrowSlots();
        }

        if (_bytes.Length - _used < bytes)
        {
            GrowBytes(bytes);
        }

        return _bytes.AsSpan(_used);
    }

    private void Commit(int bytes)
    {
        _slots[_count++] = new Slot(_used, bytes);
        _used += bytes;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowSlots() => _slots = PooledArrays.Grown(SlotPool, _slots, _count, Math.Max(16, 2 * _count));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowBytes(long bytes) =>
        _bytes = PooledArrays.Grown(BytePool, _bytes, _used, checked((int)Math.Max(_used + bytes, 2L * _bytes.Length)));

    /// <summary>Where a row's bytes are in the column's byte array.</summary>
    private readonly record struct Slot(int Start, int Length);
}
