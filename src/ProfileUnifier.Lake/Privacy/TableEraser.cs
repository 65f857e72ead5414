using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Reading;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Lake.Privacy;

/// <summary>
/// Finds a person's rows in one table and writes the files that replace the ones holding them. The live files are
/// scanned reading only the columns a <see cref="RowJudge"/> needs; each file with a row to drop or redact is read
/// whole, changed, and written anew under a unique name (one file at a time: memory is one file's rows). Nothing is
/// committed here: the caller removes the old files and adds the new ones in one commit (an erasure's batch commit).
/// </summary>
public sealed class TableEraser(DeltaTable table, Func<TableBuffer> newBuffer)
{
    public async Task<ErasedTable> EraseAsync(RowJudge judge, CancellationToken ct)
    {
        var result = new ErasedTable(table.Name);
        foreach (var file in table.Snapshot.OrderedFiles)
        {
            var fates = await JudgeAsync(table.Snapshot.PathOf(file), judge, ct);
            if (fates.All(f => f == RowFate.Keep))
            {
                continue;
            }

            var rows = newBuffer();
            await using (var stream = new MemoryStream(File.ReadAllBytes(table.Snapshot.PathOf(file)), writable: false))
            {
                await rows.AppendFileAsync(stream, ct);
            }

            if (rows.Rows != fates.Count)
            {
                throw new InvalidDataException($"{table.Name}/{file.FilePath}: {rows.Rows} rows read back where the scan saw {fates.Count}");
            }

            var kept = new List<int>(rows.Rows);
            for (var row = 0; row < fates.Count; row++)
            {
                switch (fates[row])
                {
                    case RowFate.Drop:
                        result.Dropped++;
                        continue;
                    case RowFate.Redact:
                        judge.Redact!(rows, row);
                        result.Redacted++;
                        break;
                }

                kept.Add(row);
            }

            rows.Keep([.. kept]);
            result.Removed.Add(file);
            if (rows.Rows > 0)
            {
                var partition = table.Snapshot.Metadata!.PartitionColumns
                    .Select(c => new KeyValuePair<string, string>(c, file.PartitionValues.GetValueOrDefault(c) ?? "")).ToList();
                result.Written.Add(await table.WriteFileAsync(rows.All, partition, file.Tags, "part-erased", ct));
            }
        }

        return result;
    }

    /// <summary>The fate of every row of a file, in file order, from the columns the judge reads.</summary>
    private static async Task<List<RowFate>> JudgeAsync(string path, RowJudge judge, CancellationToken ct)
    {
        var fates = new List<RowFate>();
        await foreach (var group in ParquetRowGroups.ReadAsync([path], ct))
        {
            var columns = new Dictionary<string, string?[]>(StringComparer.Ordinal);
            foreach (var name in judge.Columns)
            {
                columns[name] = group.Has(name) ? await group.Strings(name) : new string?[group.Rows];
            }

            for (var row = 0; row < group.Rows; row++)
            {
                fates.Add(judge.Judge(columns, row));
            }
        }

        return fates;
    }
}

/// <summary>What becomes of a row in an erasure.</summary>
public enum RowFate
{
    Keep,
    Drop,

    /// <summary>Kept, with the person's data taken out of it (a rejected line keeps its reason and position, not its text).</summary>
    Redact,
}

/// <summary>
/// Decides a row's fate from some of its string columns (a column a file lacks reads as nulls), and how to redact one.
/// </summary>
public sealed record RowJudge(IReadOnlyList<string> Columns, Func<IReadOnlyDictionary<string, string?[]>, int, RowFate> Judge,
    Action<TableBuffer, int>? Redact = null);

/// <summary>The files an erasure replaces in a table, the files it wrote instead, and the rows it dropped or redacted.</summary>
public sealed class ErasedTable(string name)
{
    public string Name { get; } = name;

    public List<AddFile> Removed { get; } = [];

    public List<AddFile> Written { get; } = [];

    public long Dropped { get; set; }

    public long Redacted { get; set; }

    public bool Changed => Removed.Count > 0;
}
