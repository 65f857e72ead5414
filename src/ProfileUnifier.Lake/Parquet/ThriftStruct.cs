namespace ProfileUnifier.Lake.Parquet;

/// <summary>
/// A Thrift struct in the compact protocol (how a Parquet footer is encoded) as its fields' encoded values: a footer is
/// rewritten by replacing the few fields that change and copying every other one byte for byte, so no field this code
/// does not know (statistics, logical types, newer additions to the format) can be lost or misread. Parquet.Net 6.1
/// reads footers into public <c>Parquet.Meta</c> classes, but its Thrift writer and their <c>Write</c> methods are
/// internal: this is the small part of a writer that rewriting a footer needs.
/// </summary>
internal sealed class ThriftStruct
{
    public const byte TypeI16 = 4;
    public const byte TypeI32 = 5;
    public const byte TypeI64 = 6;
    public const byte TypeList = 9;
    public const byte TypeStruct = 12;

    private readonly SortedList<short, (byte Type, ReadOnlyMemory<byte> Value)> _fields;

    private ThriftStruct(SortedList<short, (byte, ReadOnlyMemory<byte>)> fields) => _fields = fields;

    /// <summary>The struct encoded in <paramref name="bytes"/> (up to and with its stop byte).</summary>
    public static ThriftStruct Read(ReadOnlyMemory<byte> bytes)
    {
        var reader = new ThriftCompactReader(bytes);
        var result = reader.ReadStruct();
        if (reader.Position != bytes.Length)
        {
            throw new InvalidDataException($"{bytes.Length - reader.Position} bytes after a Thrift struct");
        }

        return result;
    }

    /// <summary>Reads a struct at the reader's position (used by <see cref="ThriftCompactReader"/>).</summary>
    internal static ThriftStruct ReadFields(ThriftCompactReader reader)
    {
        var fields = new SortedList<short, (byte, ReadOnlyMemory<byte>)>();
        short last = 0;
        while (reader.NextField(ref last, out var type) is { } id)
        {
            fields[id] = (type, reader.ReadValue(type));
        }

        return new ThriftStruct(fields);
    }

    public bool Has(short id) => _fields.ContainsKey(id);

    public ReadOnlyMemory<byte> Get(short id) =>
        _fields.TryGetValue(id, out var field) ? field.Value : throw new InvalidDataException($"Thrift field {id} missing");

    public long GetInteger(short id) => new ThriftCompactReader(Get(id)).ReadVarLong();

    public long? GetIntegerOrNull(short id) => Has(id) ? GetInteger(id) : null;

    /// <summary>The elements of a list field, each as its encoded value.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> GetList(short id) => new ThriftCompactReader(Get(id)).ReadList();

    public void Set(short id, byte type, ReadOnlyMemory<byte> value) => _fields[id] = (type, value);

    /// <summary>Sets an integer field (i16, i32 or i64: all are zigzag varints on the wire).</summary>
    public void SetInteger(short id, byte type, long value) => Set(id, type, ThriftCompactWriter.VarLong(value));

    public void SetStruct(short id, ThriftStruct value) => Set(id, TypeStruct, value.ToBytes());

    public void SetList(short id, byte elementType, IReadOnlyList<ReadOnlyMemory<byte>> elements) =>
        Set(id, TypeList, ThriftCompactWriter.List(elementType, elements));

    public void Remove(short id) => _fields.Remove(id);

    /// <summary>The struct encoded, fields in id order, with its stop byte.</summary>
    public byte[] ToBytes()
    {
        var writer = new ThriftCompactWriter();
        short last = 0;
        foreach (var (id, (type, value)) in _fields)
        {
            writer.FieldHeader(ref last, id, type);
            writer.Raw(value.Span);
        }

        writer.Stop();
        return writer.ToArray();
    }
}
