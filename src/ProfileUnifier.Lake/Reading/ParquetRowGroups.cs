using Parquet;
using Parquet.Schema;

namespace ProfileUnifier.Lake.Reading;

/// <summary>Reads lake files a row group at a time, columns by name (for jobs that read the lake back).</summary>
public static class ParquetRowGroups
{
    /// <summary>
    /// Files up to this size are read whole, then parsed from memory. Parquet.Net reads a file in many small async
    /// reads, which a FileStream serves each through the thread pool; over thousands of partition files that
    /// hopping, not the decoding, was most of the time.
    /// </summary>
    private const long WholeFileBytes = 64L << 20;

    /// <summary>Row groups of the files (absolute paths), in order.</summary>
    public static async IAsyncEnumerable<RowGroupData> ReadAsync(IEnumerable<string> files,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        foreach (var path in files)
        {
            if (!File.Exists(path))
            {
                throw new InvalidDataException($"{path} is named by the lake's log but missing: the lake is damaged (restore the file, or re-ingest)");
            }

            await using Stream stream = new FileInfo(path).Length <= WholeFileBytes
                ? new MemoryStream(File.ReadAllBytes(path), writable: false)
                : File.OpenRead(path);
            await using var reader = await ParquetReader.CreateAsync(stream, new ParquetOptions { UseDateOnlyTypeForDates = true }, cancellationToken: ct);
            // Top-level columns by name (list columns' leaves are all called "element": not addressed here).
            var fields = new Dictionary<string, DataField>(StringComparer.Ordinal);
            foreach (var field in reader.Schema.GetDataFields())
            {
                fields.TryAdd(field.Path.ToString(), field);
            }

            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                yield return new RowGroupData(path, group, fields, checked((int)group.RowCount));
            }
        }
    }
}

/// <summary>One row group of one file; each method reads one column of it.</summary>
public sealed class RowGroupData(string file, ParquetRowGroupReader group, Dictionary<string, DataField> fields, int rows)
{
    public string File { get; } = file;

    public int Rows { get; } = rows;

    /// <summary>Whether the file has this column (files written before a column existed do not).</summary>
    public bool Has(string name) => fields.ContainsKey(name);

    public async Task<string?[]> Strings(string name)
    {
        var values = new string?[Rows];
        await group.ReadAsync(Field(name), values);
        return values;
    }

    public async Task<long[]> Longs(string name)
    {
        var values = new long[Rows];
        await group.ReadAsync<long>(Field(name), values);
        return values;
    }

    public async Task<DateTime[]> Timestamps(string name)
    {
        var values = new DateTime[Rows];
        await group.ReadAsync<DateTime>(Field(name), values);
        return values;
    }

    public async Task<DateTime?[]> NullableTimestamps(string name)
    {
        var values = new DateTime?[Rows];
        await group.ReadAsync<DateTime>(Field(name), values);
        return values;
    }

    public async Task<DateOnly?[]> NullableDates(string name)
    {
        var values = new DateOnly?[Rows];
        await group.ReadAsync<DateOnly>(Field(name), values);
        return values;
    }

    public async Task<int?[]> NullableInts(string name)
    {
        var values = new int?[Rows];
        await group.ReadAsync<int>(Field(name), values);
        return values;
    }

    public async Task<double?[]> NullableDoubles(string name)
    {
        var values = new double?[Rows];
        await group.ReadAsync<double>(Field(name), values);
        return values;
    }

    private DataField Field(string name) =>
        fields.TryGetValue(name, out var field) ? field : throw new InvalidDataException($"{File} has no column {name}");
}
