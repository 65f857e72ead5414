namespace ProfileUnifier.Lake.Parquet;

/// <summary>
/// Walks Thrift compact-protocol bytes (thrift's doc/specs/thrift-compact-protocol.md) far enough to find each field's
/// encoded value: the only values it decodes are integers; everything else it steps over.
/// </summary>
internal sealed class ThriftCompactReader(ReadOnlyMemory<byte> bytes)
{
    private const byte TypeBoolTrue = 1;
    private const byte TypeBoolFalse = 2;
    private const byte TypeByte = 3;
    private const byte TypeDouble = 7;
    private const byte TypeBinary = 8;
    private const byte TypeSet = 10;
    private const byte TypeMap = 11;

    public int Position { get; private set; }

    public ThriftStruct ReadStruct() => ThriftStruct.ReadFields(this);

    /// <summary>The next field's id and type, or null at the struct's stop byte; <paramref name="last"/> is the previous field's id.</summary>
    public short? NextField(ref short last, out byte type)
    {
        var header = ReadByte();
        type = (byte)(header & 0x0F);
        if (header == 0)
        {
            return null;
        }

        // A field header holds the id as a delta from the previous field's when it fits in 4 bits, else the id follows.
        var delta = header >> 4;
        last = delta != 0 ? (short)(last + delta) : checked((short)ReadVarLong());
        return last;
    }

    /// <summary>A field's value of <paramref name="type"/>, as its encoded bytes (none for a bool: it is in the header).</summary>
    public ReadOnlyMemory<byte> ReadValue(byte type)
    {
        var start = Position;
        Skip(type, inCollection: false);
        return bytes[start..Position];
    }

    /// <summary>The elements of a list (or set) at the reader's position, each as its encoded bytes.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> ReadList()
    {
        var (type, count) = ReadListHeader();
        var elements = new List<ReadOnlyMemory<byte>>(count);
        for (var i = 0; i < count; i++)
        {
            var start = Position;
            Skip(type, inCollection: true);
            elements.Add(bytes[start..Position]);
        }

        return elements;
    }

    /// <summary>An i16, i32 or i64: a zigzag varint.</summary>
    public long ReadVarLong()
    {
        var raw = ReadVarULong();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    private ulong ReadVarULong()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = ReadByte();
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new InvalidDataException("Thrift varint longer than 10 bytes");
    }

    private byte ReadByte() => Position < bytes.Length
        ? bytes.Span[Position++]
        : throw new InvalidDataException("Thrift data ends inside a value");

    private (byte Type, int Count) ReadListHeader()
    {
        var header = ReadByte();
        var count = header >> 4;
        return ((byte)(header & 0x0F), count == 15 ? checked((int)ReadVarULong()) : count);
    }

    private void Skip(byte type, bool inCollection)
    {
        switch (type)
        {
            case TypeBoolTrue or TypeBoolFalse:
                // A bool field's value is its header's type; a bool in a list or map is one byte.
                Position += inCollection ? 1 : 0;
                break;
            case TypeByte:
                Position += 1;
                break;
            case ThriftStruct.TypeI16 or ThriftStruct.TypeI32 or ThriftStruct.TypeI64:
                ReadVarULong();
                break;
            case TypeDouble:
                Position += 8;
                break;
            case TypeBinary:
                var length = checked((int)ReadVarULong());
                Position += length;
                break;
            case ThriftStruct.TypeList or TypeSet:
                ReadList();
                break;
            case TypeMap:
                SkipMap();
                break;
            case ThriftStruct.TypeStruct:
                ReadStruct();
                break;
            default:
                throw new InvalidDataException($"unknown Thrift compact type {type}");
        }

        if (Position > bytes.Length)
        {
            throw new InvalidDataException("Thrift data ends inside a value");
        }
    }

    private void SkipMap()
    {
        var count = checked((int)ReadVarULong());
        if (count == 0)
        {
            return;
        }

        var types = ReadByte();
        for (var i = 0; i < count; i++)
        {
            Skip((byte)(types >> 4), inCollection: true);
            Skip((byte)(types & 0x0F), inCollection: true);
        }
    }
}
