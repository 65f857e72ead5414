using Parquet;

namespace ProfileUnifier.Lake.Reading;

/// <summary>Reads some string columns of lake files, a row group at a time (for tools that look at the lake).</summary>
public static class StringColumnsReader
{
    public static async IAsyncEnumerable<string?[][]> ReadAsync(string root, IEnumerable<string> files, string[] columns,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        foreach (var relative in files)
        {
            await using var stream = File.OpenRead(Path.Combine(root, relative));
            await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: ct);
            var fields = reader.Schema.GetDataFields().ToDictionary(f => f.Name, StringComparer.Ordinal);
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                var rows = checked((int)group.RowCount);
                var result = new string?[columns.Length][];
                for (var c = 0; c < columns.Length; c++)
                {
                    if (!fields.TryGetValue(columns[c], out var field))
                    {
                        throw new InvalidDataException($"{relative} has no column {columns[c]}");
                    }

                    result[c] = new string?[rows];
                    await group.ReadAsync(field, result[c], cancellationToken: ct);
                }

                yield return result;
            }
        }
    }
}
