using System.Buffers;

namespace ProfileUnifier.Lake.Parquet;

/// <summary>Writes Thrift compact-protocol bytes: field headers, integers, lists of encoded elements (see <see cref="ThriftStruct"/>).</summary>
internal sealed class ThriftCompactWriter
{
    private readonly ArrayBufferWriter<byte> _bytes = new();

    /// <summary>An i16, i32 or i64 value: a zigzag varint.</summary>
    public static byte[] VarLong(long value)
    {
        var writer = new ThriftCompactWriter();
        writer.VarULong((ulong)((value << 1) ^ (value >> 63)));
        return writer.ToArray();
    }

    /// <summary>A list of elements of one type, each already encoded.</summary>
    public static byte[] List(byte elementType, IReadOnlyList<ReadOnlyMemory<byte>> elements)
    {
        var writer = new ThriftCompactWriter();
        if (elements.Count < 15)
        {
            writer.Byte((byte)((elements.Count << 4) | elementType));
        }
        else
        {
            writer.Byte((byte)(0xF0 | elementType));
            writer.VarULong((ulong)elements.Count);
        }

        foreach (var element in elements)
        {
            writer.Raw(element.Span);
        }

        return writer.ToArray();
    }

    /// <summary>A field's header: its id as a delta from the previous field's (<paramref name="last"/>) when that fits in 4 bits.</summary>
    public void FieldHeader(ref short last, short id, byte type)
    {
        var delta = id - last;
        if (delta is > 0 and <= 15)
        {
            Byte((byte)((delta << 4) | type));
        }
        else
        {
            Byte(type);
            Raw(VarLong(id));
        }

        last = id;
    }

    public void Raw(ReadOnlySpan<byte> bytes) => _bytes.Write(bytes);

    public void Stop() => Byte(0);

    public byte[] ToArray() => _bytes.WrittenSpan.ToArray();

    private void Byte(byte value)
    {
        _bytes.GetSpan(1)[0] = value;
        _bytes.Advance(1);
    }

    private void VarULong(ulong value)
    {
        while (value >= 0x80)
        {
            Byte((byte)(value | 0x80));
            value >>= 7;
        }

        Byte((byte)value);
    }
}
