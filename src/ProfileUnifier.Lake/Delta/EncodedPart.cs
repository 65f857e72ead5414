using ProfileUnifier.Lake.Parquet;

namespace ProfileUnifier.Lake.Delta;

/// <summary>
/// Rows encoded in memory as a Parquet file of their own (pooled blocks), or as files side by side that each hold some of
/// the columns (<see cref="Beside"/>), to be joined with other parts of the same schema into one data file
/// (<see cref="DeltaFileWriter.WritePartsAsync"/>): the row groups are copied, not encoded again.
/// </summary>
internal sealed class EncodedPart : IAsyncDisposable
{
    public EncodedPart(Stream data, ParquetFooter footer, List<(string Name, ColumnStats Stats)> stats)
        : this(ColumnFiles.Whole(data, footer), footer, stats)
    {
    }

    private EncodedPart(ColumnFiles columns, ParquetFooter schema, List<(string Name, ColumnStats Stats)> stats)
    {
        Columns = columns;
        Schema = schema;
        Stats = stats;
    }

    /// <summary>Its encoded rows: the file, or the files side by side, and where each column of <see cref="Schema"/> is.</summary>
    public ColumnFiles Columns { get; }

    /// <summary>A footer with the part's schema (its own file's, or one of a file of all its columns).</summary>
    public ParquetFooter Schema { get; }

    /// <summary>The Delta stats of its rows, column by column, in the schema's order.</summary>
    public List<(string Name, ColumnStats Stats)> Stats { get; }

    /// <summary>Its encoded size in bytes.</summary>
    public long Bytes => Columns.Files.Sum(f => f.Data.Length);

    /// <summary>
    /// The rows of <paramref name="first"/> with the other columns of the same rows, <paramref name="second"/>'s, as one part
    /// of the schema of <paramref name="schema"/>, whose columns are named <paramref name="names"/> (each one of the two's):
    /// a table's columns known only later encoded after the rest. Takes both parts' files: dispose the part made.
    /// </summary>
    public static EncodedPart Beside(EncodedPart first, EncodedPart second, ParquetFooter schema, IReadOnlyList<string> names)
    {
        if (first.Columns.Files.Count != 1 || second.Columns.Files.Count != 1)
        {
            throw new ArgumentException("parts side by side are each one file");
        }

        var where = new Dictionary<string, (int File, int Column)>(StringComparer.Ordinal);
        for (var c = 0; c < first.Stats.Count; c++)
        {
            where.Add(first.Stats[c].Name, (0, c));
        }

        for (var c = 0; c < second.Stats.Count; c++)
        {
            where.Add(second.Stats[c].Name, (1, c));
        }

        if (where.Count != names.Count || names.Any(n => !where.ContainsKey(n)))
        {
            throw new ArgumentException("parts side by side must hold the schema's columns, each once");
        }

        var order = names.Select(n => where[n]).ToList();
        return new EncodedPart(
            new ColumnFiles([first.Columns.Files[0], second.Columns.Files[0]], order),
            schema,
            [.. order.Select(o => (o.File == 0 ? first : second).Stats[o.Column])]);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (data, _) in Columns.Files)
        {
            await data.DisposeAsync();
        }
    }

    /// <summary>Disposes the parts of the tasks that encoded one (after a failure among them, or once they are written).</summary>
    public static async Task DisposeCompletedAsync(IEnumerable<Task<EncodedPart>> encoding)
    {
        foreach (var part in encoding.Where(e => e.IsCompletedSuccessfully))
        {
            await part.Result.DisposeAsync();
        }
    }
}
