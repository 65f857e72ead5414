using Microsoft.IO;
using ProfileUnifier.Lake.Parquet;
using ProfileUnifier.Lake.Storage;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Lake.Delta;

/// <summary>
/// One data file of a table being written, possibly in several parts (a batch's touchpoints of one partition, encoded
/// while the rest of the batch is still being read): under a hidden temporary name until <see cref="CompleteAsync"/>
/// renames it and returns its add. Nothing names it before a commit does, so a file left unfinished (a crash, an
/// error, a writer that gave up) is only a temporary file for vacuum.
/// </summary>
public sealed class DeltaFileWriter : IAsyncDisposable
{
    /// <summary>
    /// Where the parts of a file written in parts are encoded: pooled blocks of 128 KB. A MemoryStream grew by doubling,
    /// and a part of a few MB (the signatures table's at 160k rows) reached the large object heap, whose allocations
    /// brought full collections into the refreshes of a large lake. The pool keeps at most 64 MB of free blocks.
    /// </summary>
    private static readonly RecyclableMemoryStreamManager Parts = new(new RecyclableMemoryStreamManager.Options
    {
        BlockSize = 128 * 1024,
        MaximumSmallPoolFreeBytes = 64L << 20,
        MaximumLargePoolFreeBytes = 64L << 20,
    });

    private readonly ILakeFileSystem _fs;
    private readonly LakeOptions _options;
    private readonly TimeProvider _clock;
    private readonly IReadOnlyList<KeyValuePair<string, string>> _partition;
    private readonly Dictionary<string, string>? _tags;
    private readonly string _relative;
    private readonly string _temp;
    private readonly string _final;
    private Stream? _stream;
    private ParquetTableWriter? _writer;
    private List<(string Name, ColumnStats Stats)>? _stats;
    private long _rows;

    internal DeltaFileWriter(string tableRoot, ILakeFileSystem fs, LakeOptions options, TimeProvider clock,
        IReadOnlyList<KeyValuePair<string, string>> partition, Dictionary<string, string>? tags, string prefix)
    {
        _fs = fs;
        _options = options;
        _clock = clock;
        _partition = partition;
        _tags = tags;
        var folder = string.Join('/', partition.Select(p => $"{p.Key}={p.Value}"));
        var name = $"{prefix}-{Guid.NewGuid():N}.parquet";
        _relative = folder.Length == 0 ? name : $"{folder}/{name}";
        var directory = Path.Combine(tableRoot, folder);
        _temp = Path.Combine(directory, $".{name}.tmp");
        _final = Path.Combine(directory, name);
    }

    /// <summary>Rows written so far.</summary>
    public long Rows => _rows;

    /// <summary>Appends rows (of any buffer of the table: every part must have the same columns).</summary>
    public Task AppendAsync(TableSlice rows, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (_writer is null)
        {
            _stream = CreateTemporary();
            _writer = ParquetTableWriter.Create(_stream, rows.Buffer.Columns, _options);
        }

        _writer.Append(rows.Buffer.Columns, rows.First, rows.Rows);
        var stats = StatsJson.Statistics(rows.Buffer.Columns, rows.First, rows.Rows);
        _stats = _stats is null ? stats : Merged(_stats, stats);
        _rows += rows.Rows;
        return Task.CompletedTask;
    }

    /// <summary>Finishes the file (footer), gives it its final name and returns the add that will name it in a commit.</summary>
    public async Task<AddFile> CompleteAsync(CancellationToken ct)
    {
        if (_writer is null || _stats is null)
        {
            throw new InvalidOperationException("a data file needs rows");
        }

        _writer.Complete();
        _writer.Dispose();
        _writer = null;
        return await PublishAsync(StatsJson.Of(_stats, _rows), ct);
    }

    /// <summary>
    /// Writes the whole file from <paramref name="rows"/> in <paramref name="parts"/> row groups encoded side by side, each
    /// into memory, then joined as they are encoded (<see cref="ParquetConcatenation"/>): a large file written alone
    /// (the one snapshot bucket a refresh changed) takes its cores, not one. Gives it its final name and returns its add.
    /// </summary>
    internal async Task<AddFile> WriteInPartsAsync(TableSlice rows, int parts, CancellationToken ct)
    {
        if (_stream is not null)
        {
            throw new InvalidOperationException("a file written in parts is written whole, not after appended rows");
        }

        // Even parts (their sizes differ by one row at most), none empty while there are no more parts than rows.
        int Start(int part) => rows.First + (int)((long)part * rows.Rows / parts);
        var encoding = Enumerable.Range(0, parts)
            .Select(p => Task.Run(() => EncodeAsync(new TableSlice(rows.Buffer, Start(p), Start(p + 1) - Start(p)), _options, ct), ct))
            .ToArray();
        try
        {
            return await WritePartsAsync(await Task.WhenAll(encoding), ct);
        }
        finally
        {
            // Every part encoded, the file written or not (a part that failed disposed its own stream).
            await EncodedPart.DisposeCompletedAsync(encoding);
        }
    }

    /// <summary>
    /// Encodes <paramref name="rows"/> (only <paramref name="columns"/> of them, when given) into memory as a Parquet file of
    /// their own, for <see cref="WritePartsAsync"/>.
    /// </summary>
    internal static async Task<EncodedPart> EncodeAsync(TableSlice rows, LakeOptions options, CancellationToken ct,
        IReadOnlyList<ColumnBuffer>? columns = null)
    {
        columns ??= rows.Buffer.Columns;
        var memory = Parts.GetStream("file part");
        try
        {
            using (var writer = ParquetTableWriter.Create(memory, columns, options))
            {
                writer.Append(columns, rows.First, rows.Rows);
                writer.Complete();
            }

            memory.Position = 0;
            return new EncodedPart(memory, await ParquetFooter.ReadAsync(memory, ct), StatsJson.Statistics(columns, rows.First, rows.Rows));
        }
        catch
        {
            await memory.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Writes the whole file as the row groups of <paramref name="parts"/> (of one schema), in their order, gives it its final
    /// name and returns its add. The parts stay the caller's: a write that failed can be made again from them.
    /// </summary>
    internal async Task<AddFile> WritePartsAsync(IReadOnlyList<EncodedPart> parts, CancellationToken ct)
    {
        if (_stream is not null)
        {
            throw new InvalidOperationException("a file written from parts is written whole, not after appended rows");
        }

        _stream = CreateTemporary();
        _rows = await ParquetConcatenation.WriteAsync(_stream, [.. parts.Select(p => p.Columns)], parts[0].Schema, ct);
        var stats = parts.Skip(1).Aggregate(parts[0].Stats, (all, part) => Merged(all, part.Stats));
        return await PublishAsync(StatsJson.Of(stats, _rows), ct);
    }

    /// <summary>
    /// Writes the whole file as the row groups of other files of this table with one Parquet schema, copied as they are
    /// encoded (compaction: nothing is decoded), gives it its final name and returns its add, whose stats are the
    /// merge of theirs.
    /// </summary>
    internal async Task<AddFile> ConcatenateAsync(IReadOnlyList<(Stream Data, ParquetFooter Footer)> inputs, IReadOnlyList<AddFile> from,
        CancellationToken ct)
    {
        if (_stream is not null)
        {
            throw new InvalidOperationException("a concatenated file is written whole, not after appended rows");
        }

        _stream = CreateTemporary();
        _rows = await ParquetConcatenation.WriteAsync(_stream, inputs, ct);
        return await PublishAsync(StatsJson.Merge([.. from.Select(f => f.Stats)]), ct);
    }

    /// <summary>The stats of two parts of a file, column by column (the same columns in the same order).</summary>
    private static List<(string Name, ColumnStats Stats)> Merged(List<(string Name, ColumnStats Stats)> a, List<(string Name, ColumnStats Stats)> b) =>
        [.. a.Zip(b, (x, y) => (x.Name, x.Stats.Merge(y.Stats)))];

    /// <summary>Closes a file that was not completed; its temporary name is left for vacuum.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            _writer?.Dispose();
        }
        finally
        {
            // Abandoned (it failed already, or its batch did): the file is never named by a commit.
            _writer = null;
            if (_stream is not null)
            {
                await _stream.DisposeAsync();
                _stream = null;
            }
        }
    }

    private Stream CreateTemporary()
    {
        _fs.CreateDirectory(Path.GetDirectoryName(_temp)!);
        return _fs.CreateNew(_temp);
    }

    /// <summary>Closes the finished file, renames it to its final name and returns its add.</summary>
    private async Task<AddFile> PublishAsync(string? stats, CancellationToken ct)
    {
        await _stream!.DisposeAsync();
        _stream = null;
        ct.ThrowIfCancellationRequested();
        _fs.Rename(_temp, _final);
        return new AddFile
        {
            Path = EncodePath(_relative),
            PartitionValues = _partition.ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal),
            Size = _fs.Length(_final),
            ModificationTime = _clock.GetUtcNow().ToUnixTimeMilliseconds(),
            DataChange = true,
            Stats = stats,
            Tags = _tags,
        };
    }

    /// <summary>A relative path as an add's path: URI-escaped per segment, so '/' stays a separator.</summary>
    private static string EncodePath(string relative) => string.Join('/', relative.Split('/').Select(Uri.EscapeDataString));
}
