using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Parquet;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Lake.Maintenance;

/// <summary>
/// Compaction (OPTIMIZE): within each partition of an appended table, small files are joined into fewer, larger ones,
/// in batch order (their encoded row groups copied; see <see cref="ParquetConcatenation"/>) — one commit of removes
/// and adds with <c>dataChange: false</c>, so streaming readers of the log skip it and the rows are the same. Runs beside a batch writer: the writer takes the next
/// version when compaction got there first; compaction retries on top of a writer's commit as long as every file
/// it rewrote is still live.
/// </summary>
public sealed class TableCompactor(LakeContext lake, int rowsPerGroup = TableCompactor.DefaultRowsPerGroup)
{
    /// <summary>At most this many rows go into one compacted file.</summary>
    public const int MaxRowsPerFile = 1_000_000;

    /// <summary>
    /// When a bin's files must be read back and written again (not all of one schema), rows are written out as a row
    /// group once this many are read (each file read is below <see cref="LakeOptions.CompactBelowBytes"/>): what
    /// compaction holds in memory, not the whole output file.
    /// </summary>
    public const int DefaultRowsPerGroup = 131_072;

    public async Task<CompactionResult> CompactAsync(string table, CancellationToken ct)
    {
        if (TableBuffers.For(table) is null)
        {
            return CompactionResult.None(table);
        }

        var delta = await lake.OpenTableAsync(table, ct);
        if (delta.Snapshot.Version < 0)
        {
            return CompactionResult.None(table);
        }

        var bins = Bins(delta.Snapshot).ToList();
        if (bins.Count == 0)
        {
            return CompactionResult.None(table);
        }

        var rewritten = new List<(IReadOnlyList<AddFile> From, AddFile To)>();
        foreach (var bin in bins)
        {
            var partition = delta.Snapshot.Metadata!.PartitionColumns
                .Select(c => new KeyValuePair<string, string>(c, bin[0].PartitionValues.GetValueOrDefault(c) ?? "")).ToList();
            await using var output = delta.CreateFile(partition, tags: null, "part-c");
            var written = await WriteAsync(output, delta.Snapshot, bin, table, ct);
            rewritten.Add((bin, written with { DataChange = false }));
        }

        lake.Fs.SyncData(delta.Root);
        while (true)
        {
            var actions = delta.Preamble(delta.Snapshot.Metadata!.SchemaString, delta.Snapshot.Metadata.PartitionColumns, "OPTIMIZE");
            actions.AddRange(rewritten.SelectMany(r => r.From).Select(f => (DeltaAction)f.Removed(delta.NowMs, dataChange: false)));
            actions.AddRange(rewritten.Select(r => (DeltaAction)r.To));
            if (await delta.TryCommitAsync(actions, ct))
            {
                return new CompactionResult(table, rewritten.Sum(r => r.From.Count), rewritten.Count, rewritten.Sum(r => r.To.Size));
            }

            await delta.RefreshAsync(ct);
            if (!rewritten.SelectMany(r => r.From).All(f => delta.Snapshot.Files.ContainsKey(f.FilePath)))
            {
                // Someone else rewrote some of these files meanwhile: leave ours unreferenced (vacuum takes them).
                return CompactionResult.None(table);
            }
        }
    }

    /// <summary>
    /// Writes the rows of a bin's files as one file: their row groups copied as they are encoded when the files have one
    /// Parquet schema (nothing decoded: the cost is the bytes copied), else (a file from before a column was added) read
    /// back and written again.
    /// </summary>
    private async Task<AddFile> WriteAsync(DeltaFileWriter output, DeltaSnapshot snapshot, IReadOnlyList<AddFile> bin, string table,
        CancellationToken ct)
    {
        var inputs = new List<(Stream Data, ParquetFooter Footer)>();
        try
        {
            foreach (var file in bin)
            {
                var stream = lake.Fs.OpenRead(snapshot.PathOf(file));
                inputs.Add((stream, await ParquetFooter.ReadAsync(stream, ct)));
            }

            return inputs.All(i => i.Footer.HasSchemaOf(inputs[0].Footer))
                ? await output.ConcatenateAsync(inputs, bin, ct)
                : await RewriteAsync(output, inputs.Select(i => i.Data), TableBuffers.For(table)!, ct);
        }
        finally
        {
            foreach (var (data, _) in inputs)
            {
                await data.DisposeAsync();
            }
        }
    }

    /// <summary>Reads the files' rows into <paramref name="rows"/> and writes them out a row group at a time.</summary>
    private async Task<AddFile> RewriteAsync(DeltaFileWriter output, IEnumerable<Stream> files, TableBuffer rows, CancellationToken ct)
    {
        foreach (var file in files)
        {
            file.Seek(0, SeekOrigin.Begin);
            await rows.AppendFileAsync(file, ct);
            if (rows.Rows >= rowsPerGroup)
            {
                await output.AppendAsync(rows.All, ct);
                rows.Clear();
            }
        }

        if (rows.Rows > 0)
        {
            await output.AppendAsync(rows.All, ct);
        }

        return await output.CompleteAsync(ct);
    }

    /// <summary>Groups of two or more small files of one partition, each group about a target file's size.</summary>
    private IEnumerable<List<AddFile>> Bins(DeltaSnapshot snapshot)
    {
        var small = snapshot.Files.Values.Where(f => f.Size < lake.Options.CompactBelowBytes);
        foreach (var partition in small.GroupBy(f => string.Join('/', f.PartitionValues.OrderBy(p => p.Key, StringComparer.Ordinal)
                     .Select(p => $"{p.Key}={p.Value}")), StringComparer.Ordinal))
        {
            // Batch order, so a compacted file keeps rows in the order they arrived (and narrow batch and time ranges).
            var files = partition.OrderBy(f => FileStatistics.MinLong(f, "txn") ?? 0).ThenBy(f => f.ModificationTime)
                .ThenBy(f => f.FilePath, StringComparer.Ordinal).ToList();
            var bin = new List<AddFile>();
            long bytes = 0, rows = 0;
            foreach (var file in files)
            {
                var fileRows = FileStatistics.NumRecords(file) ?? 0;
                if (bin.Count > 0 && (bytes + file.Size > lake.Options.TargetFileBytes || rows + fileRows > MaxRowsPerFile))
                {
                    if (bin.Count > 1)
                    {
                        yield return bin;
                    }

                    bin = [];
                    bytes = rows = 0;
                }

                bin.Add(file);
                bytes += file.Size;
                rows += fileRows;
            }

            if (bin.Count > 1)
            {
                yield return bin;
            }
        }
    }
}

/// <summary>What compaction did to a table: files read, files written, bytes written.</summary>
public sealed record CompactionResult(string Table, int FilesRemoved, int FilesAdded, long BytesWritten)
{
    public static CompactionResult None(string table) => new(table, 0, 0, 0);
}
