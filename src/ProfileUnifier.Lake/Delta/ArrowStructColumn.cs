using Apache.Arrow;
using Apache.Arrow.Types;

namespace ProfileUnifier.Lake.Delta;

/// <summary>
/// A nullable struct column of Apache.Arrow built from objects, a getter per field: a null object is a null struct
/// (its fields null too, so every field is nullable, as in Spark's checkpoints). The checkpoint's action columns are
/// declared with it.
/// </summary>
internal sealed class ArrowStructColumn<T>
    where T : class
{
    private static readonly MapType StringMap = new(new Field("key", StringType.Default, nullable: false),
        new Field("value", StringType.Default, nullable: true), keySorted: false);

    private readonly List<(Field Field, Func<IReadOnlyList<T?>, IArrowArray> Build)> _fields = [];

    public StructType Type => new([.. _fields.Select(f => f.Field)]);

    public ArrowStructColumn<T> String(string name, Func<T, string?> get) =>
        Add(new Field(name, StringType.Default, nullable: true), rows =>
        {
            var builder = new StringArray.Builder();
            foreach (var row in rows)
            {
                if (row is not null && get(row) is { } value)
                {
                    builder.Append(value);
                }
                else
                {
                    builder.AppendNull();
                }
            }

            return builder.Build();
        });

    public ArrowStructColumn<T> Int64(string name, Func<T, long?> get) =>
        Add(new Field(name, Int64Type.Default, nullable: true), rows =>
        {
            var builder = new Int64Array.Builder();
            Fill(rows, get, v => builder.Append(v), () => builder.AppendNull());
            return builder.Build();
        });

    public ArrowStructColumn<T> Int32(string name, Func<T, int?> get) =>
        Add(new Field(name, Int32Type.Default, nullable: true), rows =>
        {
            var builder = new Int32Array.Builder();
            Fill(rows, get, v => builder.Append(v), () => builder.AppendNull());
            return builder.Build();
        });

    public ArrowStructColumn<T> Boolean(string name, Func<T, bool?> get) =>
        Add(new Field(name, BooleanType.Default, nullable: true), rows =>
        {
            var builder = new BooleanArray.Builder();
            Fill(rows, get, v => builder.Append(v), () => builder.AppendNull());
            return builder.Build();
        });

    /// <summary>A <c>map&lt;string, string&gt;</c> field; a value may be null (a null partition value).</summary>
    public ArrowStructColumn<T> Map(string name, Func<T, IEnumerable<(string Key, string? Value)>?> get) =>
        Add(new Field(name, StringMap, nullable: true), rows =>
        {
            var builder = new MapArray.Builder(StringMap);
            var (keys, values) = ((StringArray.Builder)builder.KeyBuilder, (StringArray.Builder)builder.ValueBuilder);
            FillNested(rows, get, () => builder.AppendNull(), () => builder.Append(), entry =>
            {
                keys.Append(entry.Key);
                _ = entry.Value is null ? values.AppendNull() : values.Append(entry.Value);
            });
            return builder.Build();
        });

    /// <summary>An <c>array&lt;string&gt;</c> field.</summary>
    public ArrowStructColumn<T> List(string name, Func<T, IEnumerable<string>?> get) =>
        Add(new Field(name, new ListType(new Field("element", StringType.Default, nullable: true)), nullable: true), rows =>
        {
            var builder = new ListArray.Builder(new Field("element", StringType.Default, nullable: true));
            var items = (StringArray.Builder)builder.ValueBuilder;
            FillNested(rows, get, () => builder.AppendNull(), () => builder.Append(), item => items.Append(item));
            return builder.Build();
        });

    public ArrowStructColumn<T> Struct<TChild>(string name, Func<T, TChild?> get, ArrowStructColumn<TChild> child)
        where TChild : class =>
        Add(new Field(name, child.Type, nullable: true), rows => child.Build([.. rows.Select(r => r is null ? null : get(r))]));

    public StructArray Build(IReadOnlyList<T?> rows)
    {
        var valid = new ArrowBuffer.BitmapBuilder(rows.Count);
        foreach (var row in rows)
        {
            valid.Append(row is not null);
        }

        var nulls = valid.UnsetBitCount;
        return new StructArray(Type, rows.Count, [.. _fields.Select(f => f.Build(rows))], valid.Build(), nulls);
    }

    private static void Fill<TValue>(IReadOnlyList<T?> rows, Func<T, TValue?> get, Action<TValue> append, Action appendNull)
        where TValue : struct
    {
        foreach (var row in rows)
        {
            if (row is not null && get(row) is { } value)
            {
                append(value);
            }
            else
            {
                appendNull();
            }
        }
    }

    /// <summary>A list-like field (a map is a list of entries): a null row or list is null, else its items follow.</summary>
    private static void FillNested<TItem>(IReadOnlyList<T?> rows, Func<T, IEnumerable<TItem>?> get, Action appendNull, Action append,
        Action<TItem> appendItem)
    {
        foreach (var row in rows)
        {
            if (row is null || get(row) is not { } items)
            {
                appendNull();
                continue;
            }

            append();
            foreach (var item in items)
            {
                appendItem(item);
            }
        }
    }

    private ArrowStructColumn<T> Add(Field field, Func<IReadOnlyList<T?>, IArrowArray> build)
    {
        _fields.Add((field, build));
        return this;
    }
}
