using System.Buffers;
using System.Buffers.Binary;
using ProfileUnifier.Core.Archive;
using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Identity.State;

namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>
/// The latest traits (names, title, role) of each signature. Values are pooled (a person's name recurs in each of
/// their signatures) and the tie between equal times is broken by the event id's hash (its upper 64 bits,
/// <see cref="TraitStamp"/>), not the id itself, so a row is unmanaged: a start reads the traits of every signature in
/// blocks instead of allocating strings for each, which at millions of events was most of the time a start took. A
/// checkpoint packs the rows (<see cref="TraitRowCodec"/>).
/// </summary>
internal sealed class TraitsTable
{
    private readonly Column<int> _rowOf = new(); // signature → row + 1 (0: no traits)
    private readonly Column<SignatureTraits> _rows = new();
    private int _count;
    private readonly List<string> _pool = [""]; // value 0 is "none"
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

    // Rows a block of a checkpoint packs (TraitRowCodec): ~160 KiB of them, at most 452 KiB.
    private const int BlockRows = 4096;

    /// <param name="idHash">The event id's <see cref="IdHash"/>, which breaks a tie of two values' times.</param>
    public void Observe(int sig, Traits traits, long ticks, UInt128 idHash)
    {
        var tie = TraitStamp.TieOf(idHash);
        _rowOf.EnsureCapacity(sig + 1);
        if (_rowOf[sig] == 0)
        {
            _rows.EnsureCapacity(_count + 1);
            _rowOf[sig] = ++_count;
        }

        ref var row = ref _rows[_rowOf[sig] - 1];
        row.FirstName.Offer(Id(traits.FirstName), ticks, tie);
        row.LastName.Offer(Id(traits.LastName), ticks, tie);
        row.Title.Offer(Id(traits.Title), ticks, tie);
        row.Role.Offer(Id(traits.Role), ticks, tie);
    }

    /// <summary>Merges the signature's traits, if it has any, into <paramref name="into"/>.</summary>
    public void MergeInto(int sig, ref SignatureTraits into)
    {
        if (sig < _rowOf.Length && _rowOf[sig] != 0)
        {
            into.Merge(_rows[_rowOf[sig] - 1]);
        }
    }

    /// <summary>The string of a pooled value; null for none.</summary>
    public string? Value(in TraitStamp stamp) => stamp.Value == 0 ? null : _pool[stamp.Value];

    public long ApproximateBytes() => _rowOf.ApproximateBytes(4) + _rows.ApproximateBytes(System.Runtime.CompilerServices.Unsafe.SizeOf<SignatureTraits>()) + (_pool.Count * 48L);

    public void Save(BinaryWriter writer, int signatures)
    {
        StateCodec.WriteColumn(writer, _rowOf, Math.Min(signatures, _rowOf.Length));
        // The rows packed (TraitRowCodec), a block at a time: its length, then its bytes.
        writer.Write(_count);
        var block = ArrayPool<byte>.Shared.Rent(BlockRows * TraitRowCodec.MaxBytes);
        for (var first = 0; first < _count; first += BlockRows)
        {
            var length = 0;
            for (var row = first; row < Math.Min(_count, first + BlockRows); row++)
            {
                length += TraitRowCodec.Write(in _rows[row], block.AsSpan(length));
            }

            writer.Write(length);
            writer.Write(block, 0, length);
        }

        ArrayPool<byte>.Shared.Return(block);
        writer.Write(_pool.Count);
        foreach (var value in _pool)
        {
            writer.Write(value);
        }
    }

    /// <summary>Reads what <see cref="Save"/> wrote; with <paramref name="unpacked"/>, rows as they lay in memory (the earlier format).</summary>
    public void Load(BinaryReader reader, bool unpacked = false)
    {
        StateCodec.ReadColumn(reader, _rowOf);
        // Both formats give the count of rows first.
        _count = reader.ReadInt32() is >= 0 and var count ? count : throw new InvalidDataException("a negative count of traits rows");
        _rows.EnsureCapacity(_count);
        if (unpacked)
        {
            LoadUnpackedRows(reader);
        }
        else
        {
            LoadPackedRows(reader);
        }

        LoadPool(reader);
    }

    private void LoadPackedRows(BinaryReader reader)
    {
        var block = ArrayPool<byte>.Shared.Rent(BlockRows * TraitRowCodec.MaxBytes);
        for (var first = 0; first < _count; first += BlockRows)
        {
            var length = reader.ReadInt32();
            if (length is < 0 or > BlockRows * TraitRowCodec.MaxBytes)
            {
                throw new InvalidDataException($"a block of traits rows claims {length:N0} bytes");
            }

            var bytes = block.AsSpan(0, length);
            reader.BaseStream.ReadExactly(bytes);
            var at = 0;
            for (var row = first; row < Math.Min(_count, first + BlockRows); row++)
            {
                at += TraitRowCodec.Read(bytes[at..], out _rows[row]);
            }

            if (at != length)
            {
                throw new InvalidDataException($"a block of traits rows has {length - at:N0} bytes left over");
            }
        }

        ArrayPool<byte>.Shared.Return(block);
    }

    /// <summary>Rows as the earlier format held them: as they lay in memory then, four stamps of 32 bytes (tie, time, value, padding).</summary>
    private void LoadUnpackedRows(BinaryReader reader)
    {
        const int stampBytes = 32;
        Span<byte> bytes = stackalloc byte[4 * stampBytes];
        for (var i = 0; i < _count; i++)
        {
            reader.BaseStream.ReadExactly(bytes);
            ref var row = ref _rows[i];
            row.FirstName = UnpackedStamp(bytes);
            row.LastName = UnpackedStamp(bytes[stampBytes..]);
            row.Title = UnpackedStamp(bytes[(2 * stampBytes)..]);
            row.Role = UnpackedStamp(bytes[(3 * stampBytes)..]);
        }
    }

    private static TraitStamp UnpackedStamp(ReadOnlySpan<byte> stamp) => new()
    {
        Tie = TraitStamp.TieOf(BinaryPrimitives.ReadUInt128LittleEndian(stamp)),
        Ticks = BinaryPrimitives.ReadInt64LittleEndian(stamp[16..]),
        Value = BinaryPrimitives.ReadInt32LittleEndian(stamp[24..]),
    };

    private void LoadPool(BinaryReader reader)
    {
        _pool.Clear();
        _ids.Clear();
        for (var i = reader.ReadInt32(); i > 0; i--)
        {
            var value = reader.ReadString();
            if (_pool.Count > 0)
            {
                _ids[value] = _pool.Count;
            }

            _pool.Add(value);
        }
    }

    private int Id(string? value)
    {
        if (value is null)
        {
            return 0;
        }

        if (!_ids.TryGetValue(value, out var id))
        {
            _ids[value] = id = _pool.Count;
            _pool.Add(value);
        }

        return id;
    }
}
