using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Parquet;
using Parquet.Schema;
using ParquetSharp;
using ParquetSharp.Schema;

namespace ProfileUnifier.Lake.Parquet;

/// <summary>A list of strings per row (VARCHAR[] in DuckDB, array&lt;string&gt; in Delta); never null, possibly empty.</summary>
public sealed class StringListColumn : ColumnBuffer
{
    private readonly List<IReadOnlyList<string>> _rows = [];

    public StringListColumn(string name)
        : this(new DataField<string>("element"), name)
    {
    }

    private StringListColumn(DataField element, string name)
        : base(element)
    {
        SchemaField = new ListField(name, element);
    }

    public override Field SchemaField { get; }

    public override JsonNode DeltaType => new JsonObject
    {
        ["type"] = "array",
        ["elementType"] = "string",
        ["containsNull"] = true,
    };

    public override int Count => _rows.Count;

    public IReadOnlyList<string> this[int row] => _rows[row];

    public override void Reserve(int rows) => _rows.EnsureCapacity(_rows.Count + rows);

    public void Add(IReadOnlyList<string> values) => _rows.Add(values);

    /// <summary>A three-level list, as Parquet's LogicalTypes.md gives it: optional group (LIST) { repeated group list { optional element } }.</summary>
    public override Node CreateNode()
    {
        using var element = ColumnWrites.Leaf("element", optional: true, PhysicalType.ByteArray, LogicalType.String);
        using var list = new GroupNode("list", Repetition.Repeated, [element]);
        using var listType = LogicalType.List();
        return new GroupNode(Name, Repetition.Optional, [list], listType);
    }

    public override void Write(ColumnWriter writer, int offset, int count)
    {
        var (values, definition, repetition) = Levels(offset, count);
        ColumnWrites.Text(writer, CollectionsMarshal.AsSpan(values), CollectionsMarshal.AsSpan(definition), CollectionsMarshal.AsSpan(repetition));
    }

    /// <summary>The rows' elements in order, with a definition and a repetition level for each element or empty list.</summary>
    internal (List<string?> Values, List<short> Definition, List<short> Repetition) Levels(int offset, int count)
    {
        var values = new List<string?>();
        var definition = new List<short>();
        var repetition = new List<short>();
        for (var r = offset; r < offset + count; r++)
        {
            var row = _rows[r];
            if (row.Count == 0)
            {
                // Definition level 1: the list is there and empty.
                definition.Add(1);
                repetition.Add(0);
                continue;
            }

            for (var i = 0; i < row.Count; i++)
            {
                values.Add(row[i]);
                definition.Add(3);
                repetition.Add(i == 0 ? (short)0 : (short)1);
            }
        }

        return (values, definition, repetition);
    }

    public override async Task AppendAsync(ParquetRowGroupReader rowGroup, Field fileField, int rows, CancellationToken ct)
    {
        var element = ((ListField)fileField).Item as DataField ?? throw new InvalidDataException($"{fileField.Name} is not a list of values");
        var slots = (int)(rowGroup.GetMetadata(element)?.MetaData?.NumValues ?? rows);
        var values = new ReadOnlyMemory<char>[slots];
        var definition = new int[slots];
        var repetition = new int[slots];
        await rowGroup.ReadRawAsync<ReadOnlyMemory<char>>(element, values, definition, repetition, ct);
        var next = 0;
        List<string>? current = null;
        for (var i = 0; i < slots; i++)
        {
            if (repetition[i] == 0)
            {
                current = [];
                _rows.Add(current);
            }

            if (definition[i] == element.MaxDefinitionLevel)
            {
                current!.Add(new string(values[next++].Span));
            }
        }
    }

    public override void AppendMissing(int rows)
    {
        for (var i = 0; i < rows; i++)
        {
            _rows.Add([]);
        }
    }

    /// <summary>Lists have no bounds; null lists do not occur.</summary>
    public override ColumnStats Statistics(int offset, int count) => new(0, null, null);

    public override void AppendHash(ContentHasher hash, int offset, int count)
    {
        for (var r = offset; r < offset + count; r++)
        {
            var row = _rows[r];
            hash.Append(row.Count);
            foreach (var value in row)
            {
                hash.AppendText(value);
            }
        }
    }

    public override void Clear() => _rows.Clear();

    public override void Permute(int[] order)
    {
        var reordered = order.Select(i => _rows[i]).ToList();
        _rows.Clear();
        _rows.AddRange(reordered);
    }
}
