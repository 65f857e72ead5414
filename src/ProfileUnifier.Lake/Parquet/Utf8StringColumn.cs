using System.Buffers;
using System.Runtime.CompilerServices;
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
/// <remarks>
/// Only the rows with a value have a slot (its row, where its bytes are); a null is a row number skipped. A touchpoint
/// row sets some 30 text columns, most of them null for its event type (a page view has a URL, no order, no call): a
/// slot per row and column was a write into 30 arrays per row, and the arrays' memory, for rows that hold nothing.
/// </remarks>
public sealed class Utf8StringColumn(string name, bool nullable = true) : ColumnBuffer(new DataField<string>(name, nullable))
{
    // Pools of their own: a chunk's 30-odd text columns each grow arrays of the same sizes, more than the shared pool keeps
    // per size, and then every chunk allocated its arrays anew (the large ones on the large-object heap). What these
    // pools keep is bounded by the chunks alive at once (the ingest's pipeline bounds those).
    private static readonly ArrayPool<byte> BytePool = ArrayPool<byte>.Create(1 << 28, 128);
    private static readonly ArrayPool<Slot> SlotPool = ArrayPool<Slot>.Create(1 << 26, 256);

    // The rows with a value, in row order: row _slots[i].Row is _bytes[_slots[i].Start..][.._slots[i].Length]; a row no
    // slot names is null. Reordering rows (Permute) moves only the slots. One array, not one per field: a pool may hand
    // out an array larger than asked, so arrays grown together could differ in length.
    private byte[] _bytes = [];
    private Slot[] _slots = [];
    private int _present;
    private int _used;
    private int _count;

    public override JsonNode DeltaType => "string";

    public override int Count => _count;

    /// <summary>The value of row <paramref name="row"/> (made into a string on each call).</summary>
    public string? this[int row]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)_count, nameof(row));
            var slot = SlotAtOrAfter(row);
            return slot < _present && _slots[slot].Row == row ? Encoding.UTF8.GetString(Value(slot)) : null;
        }
    }

    /// <summary>Rows <paramref name="offset"/>.. in order, each as its UTF-8 bytes or a null, without a lookup per row.</summary>
    public Utf8Rows Rows(int offset, int count) => new(this, offset, count);

    /// <remarks>
    /// Inline, the text out of line: most of a touchpoint row's 30-odd text columns are null for its event type, and a
    /// null is a row counted, cheaper than the call that used to save the transcoder's registers for it.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(string? value)
    {
        if (value is null)
        {
            _count++;
            return;
        }

        AddText(value);
    }

    /// <summary>Adds a value given as its UTF-8 bytes.</summary>
    public void AddUtf8(ReadOnlySpan<byte> value)
    {
        value.CopyTo(Reserve(value.Length));
        Commit(value.Length);
    }

    /// <summary>Adds a value kept as UTF-8 (null for <see cref="Utf8Text.IsNull"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(Utf8Text value)
    {
        if (value.IsNull)
        {
            _count++;
            return;
        }

        AddUtf8(value.Span);
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

    public override void AppendMissing(int rows) => _count += rows;

    public override Node CreateNode() => ColumnWrites.Leaf(Name, IsNullable, PhysicalType.ByteArray, LogicalType.String);

    /// <summary>Hands the writer pointers into the column's bytes: no value is copied or transcoded on the way.</summary>
    public override unsafe void Write(ColumnWriter writer, int offset, int count)
    {
        var levels = ArrayPool<short>.Shared.Rent(Math.Max(1, count));
        var present = ArrayPool<ByteArray>.Shared.Rent(Math.Max(1, count));
        try
        {
            levels.AsSpan(0, count).Clear();
            fixed (byte* start = _bytes)
            {
                var n = 0;
                for (var slot = SlotAtOrAfter(offset); slot < _present && _slots[slot].Row < offset + count; slot++)
                {
                    levels[_slots[slot].Row - offset] = 1;
                    present[n++] = new ByteArray((nint)(start + _slots[slot].Start), _slots[slot].Length);
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
        var (first, end) = SlotsOf(offset, count);
        int min = -1, max = -1;
        for (var slot = first; slot < end; slot++)
        {
            if (min < 0 || Utf8Ordinal.Compare(Value(slot), Value(min)) < 0)
            {
                min = slot;
            }

            if (max < 0 || Utf8Ordinal.Compare(Value(slot), Value(max)) > 0)
            {
                max = slot;
            }
        }

        long nulls = count - (end - first);
        return min < 0
            ? new ColumnStats(nulls, null, null)
            : new ColumnStats(nulls, Encoding.UTF8.GetString(Value(min)), Encoding.UTF8.GetString(Value(max)));
    }

    public override long NullCount(int offset, int count)
    {
        var (first, end) = SlotsOf(offset, count);
        return count - (end - first);
    }

    /// <summary>Feeds the rows to the hash exactly as <see cref="StringColumn"/> does (UTF-16 length and code units).</summary>
    public override void AppendHash(ContentHasher hash, int offset, int count)
    {
        var chars = ArrayPool<char>.Shared.Rent(256);
        try
        {
            foreach (var row in Rows(offset, count))
            {
                hash.Append(row.IsNull ? (byte)0 : (byte)1);
                if (row.IsNull)
                {
                    continue;
                }

                if (chars.Length < row.Value.Length)
                {
                    ArrayPool<char>.Shared.Return(chars);
                    chars = ArrayPool<char>.Shared.Rent(row.Value.Length);
                }

                var length = Encoding.UTF8.GetChars(row.Value, chars);
                hash.AppendText(chars.AsSpan(0, length));
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
        _present = 0;
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
        var n = 0;
        for (var i = 0; i < order.Length; i++)
        {
            var slot = SlotAtOrAfter(order[i]);
            if (slot < _present && _slots[slot].Row == order[i])
            {
                slots[n++] = _slots[slot] with { Row = i };
            }
        }

        PooledArrays.GiveBack(SlotPool, _slots);
        _slots = slots;
        _present = n;
        _count = order.Length;
    }

    // Room for the longest UTF-8 of the value: 3 bytes a UTF-16 unit.
    private void AddText(string value) => Commit(Encoding.UTF8.GetBytes(value, Reserve(3 * (long)value.Length)));

    private ReadOnlySpan<byte> Value(int slot) => _bytes.AsSpan(_slots[slot].Start, _slots[slot].Length);

    /// <summary>The first slot of a row at or after <paramref name="row"/> (<see cref="_present"/> when none).</summary>
    private int SlotAtOrAfter(int row)
    {
        int low = 0, high = _present;
        while (low < high)
        {
            var middle = (int)((uint)(low + high) >> 1);
            if (_slots[middle].Row < row)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>The slots of rows <paramref name="offset"/>.., as [first, end).</summary>
    private (int First, int End) SlotsOf(int offset, int count) => (SlotAtOrAfter(offset), SlotAtOrAfter(offset + count));

    /// <summary>
    /// Room for one more value and at least <paramref name="bytes"/> more bytes. Inline, growth out of line: a row of
    /// touchpoints appends to some 30 text columns, and the usual append is two compares, a transcoding and a slot.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Reserve(long bytes)
    {
        if (_present == _slots.Length)
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
        _slots[_present++] = new Slot(_count++, _used, bytes);
        _used += bytes;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowSlots() => _slots = PooledArrays.Grown(SlotPool, _slots, _present, Math.Max(16, 2 * _present));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowBytes(long bytes) =>
        _bytes = PooledArrays.Grown(BytePool, _bytes, _used, checked((int)Math.Max(_used + bytes, 2L * _bytes.Length)));

    /// <summary>Rows of a column in order (see <see cref="Rows"/>), for <c>foreach</c>.</summary>
    public ref struct Utf8Rows(Utf8StringColumn column, int offset, int count)
    {
        private int _row = offset - 1;
        private int _slot = column.SlotAtOrAfter(offset);

        public readonly Utf8Rows GetEnumerator() => this;

        public bool MoveNext()
        {
            if (_row + 1 < offset + count)
            {
                _row++;
                if (_slot < column._present && column._slots[_slot].Row < _row)
                {
                    _slot++;
                }

                return true;
            }

            return false;
        }

        public readonly Utf8Row Current =>
            _slot < column._present && column._slots[_slot].Row == _row ? new Utf8Row(false, column.Value(_slot)) : new Utf8Row(true, default);
    }

    /// <summary>A row's UTF-8 bytes, or a null.</summary>
    public readonly ref struct Utf8Row(bool isNull, ReadOnlySpan<byte> value)
    {
        public bool IsNull { get; } = isNull;

        public ReadOnlySpan<byte> Value { get; } = value;
    }

    /// <summary>A row with a value, and where its bytes are in the column's byte array.</summary>
    private readonly record struct Slot(int Row, int Start, int Length);
}
