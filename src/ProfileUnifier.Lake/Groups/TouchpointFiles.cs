using System.Buffers;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Parquet;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Lake.Groups;

/// <summary>
/// The touchpoint files of one batch, encoded in the background while the batch is still being read: each sealed chunk
/// of rows is encoded into memory, a part per partition, by tasks of its own, so Parquet encoding runs beside parsing and
/// identity resolution, and its rows are let go once encoded (the parts are a few times smaller): a batch holds in
/// memory its rows still being read or encoded and its encoded parts, not all its rows. At the commit a partition's parts
/// are joined into one file (<see cref="LakeOptions.TargetFileBytes"/> at most; their row groups copied, not encoded
/// again): a file per chunk had left 37 files of ~3 MB for a 1M-line batch, which compaction then read back and wrote
/// again. A chunk whose encoding failed keeps its rows, and a file whose writing failed its parts: the next
/// <see cref="CompleteAsync"/> (the commit's retry) does only those again; the files done are kept. Nothing names the
/// files before the batch's commit (docs/lake.md, "Commit protocol").
/// A chunk is encoded but for its resolution columns (<see cref="TouchpointResolutions"/>): the engine resolves once, at
/// the batch's end (<see cref="Resolved"/>), and those columns are encoded then and joined beside the rest, column chunk by
/// column chunk. A resolve costs in proportion to the people its events touch, not to the events: one a chunk of 131,072
/// rows took a 5M-line ingest's engine thread ~8 s, one a batch ~3.6 s (docs/lake.md).
/// </summary>
public sealed class TouchpointFiles : IAsyncDisposable
{
    private readonly DeltaTable _table;
    private readonly string _prefix;
    private readonly List<ChunkFiles> _chunks = [];
    private readonly CancellationTokenSource _abandon = new();
    private readonly Action<TouchpointPartitions>? _written;
    private List<FileOfParts>? _files;
    private (CapturedResolutions Captured, DateTime IngestedAt)? _resolved;
    private ParquetFooter? _schema;
    private Task _writing = Task.CompletedTask;
    private Task _joining = Task.CompletedTask;
    private bool _complete;

    /// <param name="table">The touchpoints table.</param>
    /// <param name="prefix">The start of the files' names (the batch: <c>part-0000000042</c>).</param>
    /// <param name="written">
    /// Given each chunk once it is encoded (on the encoder's thread), nothing else holding it: a caller may clear
    /// and fill it again rather than grow new columns for every chunk.
    /// </param>
    public TouchpointFiles(DeltaTable table, string prefix, Action<TouchpointPartitions>? written = null)
    {
        _table = table;
        _prefix = prefix;
        _written = written;
    }

    /// <summary>Rows of the chunks not encoded yet (being encoded, or failed).</summary>
    public long RowsInMemory => _chunks.Sum(c => c.Rows);

    /// <summary>Starts encoding a sealed chunk (its resolutions captured, no longer added to).</summary>
    public void Add(TouchpointPartitions chunk)
    {
        if (_complete)
        {
            throw new InvalidOperationException("the batch's touchpoint files are complete already");
        }

        _chunks.Add(new ChunkFiles(chunk, this));
    }

    /// <summary>
    /// Gives the batch's resolution, captured on the engine's thread once it resolved the batch: every row's signature handle
    /// in <paramref name="captured"/> (read only from here on), and the time its rows are ingested at.
    /// </summary>
    public void Resolved(CapturedResolutions captured, DateTime ingestedAt) => _resolved = (captured, ingestedAt);

    /// <summary>
    /// Waits for every chunk's encoding, then writes the batch's files: a partition's parts joined into one file (several
    /// when they pass <see cref="LakeOptions.TargetFileBytes"/>). Throws what encoding or writing failed with. The chunks
    /// that failed keep their rows and the files not written keep their parts, so the next call (a commit's retry) encodes
    /// and writes only those again.
    /// </summary>
    public async Task<IReadOnlyList<AddFile>> CompleteAsync(CancellationToken ct)
    {
        foreach (var chunk in _chunks)
        {
            chunk.RetryIfReportedFailed();
        }

        try
        {
            await Task.WhenAll(_chunks.Select(c => c.Encoding)).WaitAsync(ct);
        }
        catch
        {
            foreach (var chunk in _chunks)
            {
                chunk.FailureReported();
            }

            throw;
        }

        var (captured, ingestedAt) = _resolved ?? throw new InvalidOperationException("the batch's touchpoints are not resolved yet");
        _schema ??= await SchemaAsync(ct);
        _joining = Task.WhenAll(_chunks.SelectMany(c => c.Encoding.Result).Select(p => p.JoinResolutionAsync(this, captured, ingestedAt, ct)));
        await _joining;
        _complete = true;
        _files ??= FilesOf([.. _chunks.SelectMany(c => c.Encoding.Result).Select(p => (p.Partition, p.Joined!))]);
        // A retry after a wait that was cancelled lets the writes begun end first: they read the same parts.
        await _writing.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).WaitAsync(ct);
        _writing = Task.WhenAll(_files.Where(f => f.Written is null).Select(f => Task.Run(async () =>
        {
            f.Written = await _table.WriteFileOfPartsAsync(f.Parts, f.Partition, _prefix, _abandon.Token);
        }, _abandon.Token)));
        await _writing.WaitAsync(ct);
        // Every file written: the encoded parts are not needed any more.
        await ReleasePartsAsync();
        return [.. _files.Select(f => f.Written!)];
    }

    /// <summary>The batch's parts, in the order encoded, grouped into files by partition, each up to the target size.</summary>
    private List<FileOfParts> FilesOf(IReadOnlyList<(IReadOnlyList<KeyValuePair<string, string>> Partition, EncodedPart Part)> parts)
    {
        var files = new List<FileOfParts>();
        foreach (var partition in parts.GroupBy(p => PartitionKey(p.Partition), StringComparer.Ordinal))
        {
            FileOfParts? file = null;
            foreach (var (values, part) in partition)
            {
                if (file is null || file.Bytes + part.Bytes > _table.Options.TargetFileBytes)
                {
                    file = new FileOfParts(values);
                    files.Add(file);
                }

                file.Parts.Add(part);
            }
        }

        return files;
    }

    /// <summary>The footer of a file of all the table's columns (one of no rows): the joined parts' schema.</summary>
    private async Task<ParquetFooter> SchemaAsync(CancellationToken ct)
    {
        await using var empty = await _table.EncodeAsync(new TouchpointRows().All, ct);
        return empty.Schema;
    }

    private static string PartitionKey(IReadOnlyList<KeyValuePair<string, string>> partition) =>
        string.Join('/', partition.Select(p => $"{p.Key}={p.Value}"));

    private async Task ReleasePartsAsync()
    {
        foreach (var chunk in _chunks)
        {
            await chunk.ReleasePartsAsync();
        }
    }

    /// <summary>Stops encoding and waits for it to stop (after a failure the files stay unnamed temporary files).</summary>
    public async ValueTask DisposeAsync()
    {
        _complete = true;
        await _abandon.CancelAsync();
        foreach (var chunk in _chunks)
        {
            try
            {
                await chunk.Encoding;
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or UnauthorizedAccessException)
            {
                // Abandoned: what it failed with was reported by CompleteAsync, or the batch is given up.
            }
        }

        // Resolution columns being joined, and files being written, read the parts: they stop before the parts go.
        foreach (var reading in new[] { _joining, _writing })
        {
            try
            {
                await reading;
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or UnauthorizedAccessException)
            {
                // As above.
            }
        }

        await ReleasePartsAsync();
        _abandon.Dispose();
    }

    /// <summary>A data file of the batch: one partition's parts, in order, and its add once written.</summary>
    private sealed class FileOfParts(IReadOnlyList<KeyValuePair<string, string>> partition)
    {
        public IReadOnlyList<KeyValuePair<string, string>> Partition { get; } = partition;

        public List<EncodedPart> Parts { get; } = [];

        public long Bytes => Parts.Sum(p => p.Bytes);

        public AddFile? Written { get; set; }
    }

    /// <summary>One chunk and the task encoding it; holds the rows until they are encoded, then the encoded parts.</summary>
    private sealed class ChunkFiles
    {
        private readonly TouchpointFiles _owner;
        private TouchpointPartitions? _rows;

        public ChunkFiles(TouchpointPartitions rows, TouchpointFiles owner)
        {
            _rows = rows;
            _owner = owner;
            Encoding = EncodeAsync(rows);
        }

        public Task<ChunkPart[]> Encoding { get; private set; }

        public int Rows => _rows?.Rows ?? 0;

        private bool _failureReported;
        private bool _released;

        /// <summary>Notes that the caller has been told of this chunk's failure, if it failed (a crash must surface, not be retried unseen).</summary>
        public void FailureReported() => _failureReported |= Encoding.IsFaulted || Encoding.IsCanceled;

        public void RetryIfReportedFailed()
        {
            if (_failureReported && _rows is { } rows)
            {
                _failureReported = false;
                Encoding = EncodeAsync(rows);
            }
        }

        public async Task ReleasePartsAsync()
        {
            if (Encoding.IsCompletedSuccessfully && !_released)
            {
                _released = true;
                foreach (var part in Encoding.Result)
                {
                    await part.DisposeAsync();
                }
            }
        }

        // Its partitions side by side: a batch's last chunk (every source's rest) is encoded when nothing else is left to
        // do, and encoded one after the other they left a core idle.
        private Task<ChunkPart[]> EncodeAsync(TouchpointPartitions rows) => Task.Run(async () =>
        {
            var partitions = rows.Partitions();
            var columns = rows.Buffer.ColumnsBeforeResolution;
            var abandon = _owner._abandon.Token;
            var encoding = partitions.Select(p => Task.Run(() => _owner._table.EncodeAsync(p.Rows, abandon, columns), abandon)).ToArray();
            try
            {
                var parts = partitions.Zip(await Task.WhenAll(encoding),
                    (p, part) => new ChunkPart(p.Partition, part, p.Rows.Rows, rows.Buffer.ResolutionInputs(p.Rows.First, p.Rows.Rows))).ToArray();
                _rows = null;
                _owner._written?.Invoke(rows);
                return parts;
            }
            catch
            {
                // The rows stay for a retry; what was encoded of them is let go.
                await EncodedPart.DisposeCompletedAsync(encoding);
                throw;
            }
        }, _owner._abandon.Token);
    }

    /// <summary>
    /// A chunk's rows of one partition, encoded but for their resolution columns, and what filling those needs; then, once
    /// the batch is resolved, the whole part (<see cref="Joined"/>).
    /// </summary>
    private sealed class ChunkPart(IReadOnlyList<KeyValuePair<string, string>> partition, EncodedPart encoded, int rows,
        (int[] Handles, long[] OccurredTicks) resolution) : IAsyncDisposable
    {
        private (int[] Handles, long[] OccurredTicks)? _resolution = resolution;

        public IReadOnlyList<KeyValuePair<string, string>> Partition { get; } = partition;

        public EncodedPart? Joined { get; private set; }

        /// <summary>Encodes the resolution columns and joins them beside the rest (once: a retry keeps what was joined).</summary>
        public async Task JoinResolutionAsync(TouchpointFiles owner, CapturedResolutions captured, DateTime ingestedAt,
            CancellationToken ct)
        {
            if (Joined is not null)
            {
                return;
            }

            await Task.Run(async () =>
            {
                var columns = new TouchpointResolutions();
                try
                {
                    var (handles, ticks) = _resolution!.Value;
                    columns.Fill(handles.AsSpan(0, rows), ticks.AsSpan(0, rows), captured, ingestedAt);
                    var encodedResolution = await owner._table.EncodeAsync(columns.All, ct);
                    try
                    {
                        Joined = EncodedPart.Beside(encoded, encodedResolution, owner._schema!, Names);
                        ReturnResolution();
                    }
                    catch
                    {
                        await encodedResolution.DisposeAsync();
                        throw;
                    }
                }
                finally
                {
                    columns.Release();
                }
            }, ct);
        }

        public ValueTask DisposeAsync()
        {
            ReturnResolution();
            return Joined is { } joined ? joined.DisposeAsync() : encoded.DisposeAsync();
        }

        private void ReturnResolution()
        {
            if (_resolution is var (handles, ticks))
            {
                _resolution = null;
                ArrayPool<int>.Shared.Return(handles);
                ArrayPool<long>.Shared.Return(ticks);
            }
        }
    }

    private static readonly IReadOnlyList<string> Names = [.. new TouchpointRows().Columns.Select(c => c.Name)];
}
