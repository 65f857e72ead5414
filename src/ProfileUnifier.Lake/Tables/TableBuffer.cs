using Parquet;
using ProfileUnifier.Lake.Parquet;

namespace ProfileUnifier.Lake.Tables;

/// <summary>The rows of one table (or one partition of it) held as columns until written.</summary>
public abstract class TableBuffer
{
    /// <summary>The buffer's columns, the same ones for its life (each table's are fields; the list may be made at each call).</summary>
    protected internal abstract IReadOnlyList<ColumnBuffer> Columns { get; }

    // The first column, kept: Columns makes a new list at each call (a collection expression of the fields), and Rows is
    // asked for every message a worker takes (its batch's size) and in loops over a buffer's rows.
    private ColumnBuffer? _first;

    public int Rows => (_first ??= Columns[0]).Count;

    public Task WriteAsync(Stream output, LakeOptions options, CancellationToken ct) => WriteAsync(output, 0, Rows, options, ct);

    /// <summary>Writes a contiguous range of the rows as one file.</summary>
    public Task WriteAsync(Stream output, int first, int rows, LakeOptions options, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        using var writer = ParquetTableWriter.Create(output, Columns, options);
        writer.Append(Columns, first, rows);
        writer.Complete();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Appends every row of a file of this table, matching columns by name; a column the file lacks (written before it
    /// existed) is filled with nulls. How compaction and rewrites read files back without changing a type.
    /// </summary>
    public async Task AppendFileAsync(Stream file, CancellationToken ct)
    {
        await using var reader = await ParquetReader.CreateAsync(file, new ParquetOptions { UseDateOnlyTypeForDates = true }, cancellationToken: ct);
        var fields = reader.Schema.Fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var rows = checked((int)group.RowCount);
            foreach (var column in Columns)
            {
                if (fields.TryGetValue(column.Name, out var field))
                {
                    await column.AppendAsync(group, field, rows, ct);
                }
                else
                {
                    column.AppendMissing(rows);
                }
            }
        }
    }

    /// <summary>Sets every row's batch number (its <c>txn</c> column, where the table has one): rows moved into another lake.</summary>
    public void AssignBatch(long batch)
    {
        foreach (var column in Columns.OfType<Int64Column>().Where(c => c.Name == "txn"))
        {
            for (var row = 0; row < column.Count; row++)
            {
                column.Set(row, batch);
            }
        }
    }

    /// <summary>The whole table as one slice.</summary>
    public TableSlice All => new(this, 0, Rows);

    /// <summary>Keeps only the rows named, in that order (an erasure dropping a person's rows).</summary>
    public void Keep(int[] rows) => Permute(rows);

    /// <summary>A column of this table by name, or null.</summary>
    public ColumnBuffer? Column(string name) => Columns.FirstOrDefault(c => c.Name == name);

    /// <summary>Makes room in every column for <paramref name="rows"/> more rows.</summary>
    public void Reserve(int rows)
    {
        foreach (var column in Columns)
        {
            column.Reserve(rows);
        }
    }

    internal virtual void Permute(int[] order)
    {
        foreach (var column in Columns)
        {
            column.Permute(order);
        }
    }

    public virtual void Clear()
    {
        foreach (var column in Columns)
        {
            column.Clear();
        }
    }

    /// <summary>Empties the rows and gives the columns' arrays back to their pools (a buffer let go).</summary>
    public virtual void Release()
    {
        foreach (var column in Columns)
        {
            column.Release();
        }
    }
}
