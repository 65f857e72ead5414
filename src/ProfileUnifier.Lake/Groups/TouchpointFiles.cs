using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Lake.Groups;

/// <summary>
/// The touchpoint files of one batch, encoded in the background while the batch is still being read: each sealed chunk
/// of rows becomes a file per partition of its own, each written by a task of its own, so Parquet encoding runs beside
/// parsing and identity resolution. A chunk's rows are let go as soon as its files are complete: a batch holds in
/// memory what is still being read or encoded, not all its rows. A chunk whose encoding failed keeps its rows and is
/// encoded again by the next <see cref="CompleteAsync"/> (the commit's retry); the files done are kept. Nothing names
/// the files before the batch's commit (docs/lake.md, "Commit protocol").
/// </summary>
public sealed class TouchpointFiles : IAsyncDisposable
{
    private readonly DeltaTable _table;
    private readonly string _prefix;
    private readonly List<ChunkFiles> _chunks = [];
    private readonly CancellationTokenSource _abandon = new();
    private readonly Action<TouchpointPartitions>? _written;
    private bool _complete;

    /// <param name="table">The touchpoints table.</param>
    /// <param name="prefix">The start of the files' names (the batch: <c>part-0000000042</c>).</param>
    /// <param name="written">
    /// Given each chunk once its files are written (on the encoder's thread), nothing else holding it: a caller may clear
    /// and fill it again rather than grow new columns for every chunk.
    /// </param>
    public TouchpointFiles(DeltaTable table, string prefix, Action<TouchpointPartitions>? written = null)
    {
        _table = table;
        _prefix = prefix;
        _written = written;
    }

    /// <summary>Rows of the chunks whose files are not complete yet (being encoded, or failed).</summary>
    public long RowsInMemory => _chunks.Sum(c => c.Rows);

    /// <summary>Starts encoding a sealed chunk (its resolutions captured, no longer added to) into files of its own.</summary>
    public void Add(TouchpointPartitions chunk)
    {
        if (_complete)
        {
            throw new InvalidOperationException("the batch's touchpoint files are complete already");
        }

        _chunks.Add(new ChunkFiles(chunk, this));
    }

    /// <summary>
    /// Waits for every chunk's files; throws what encoding failed with. The chunks that failed keep their rows, and the
    /// next call (a commit's retry) encodes them again.
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

        _complete = true;
        return [.. _chunks.SelectMany(c => c.Encoding.Result)];
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

        _abandon.Dispose();
    }

    /// <summary>One chunk and the task writing its files; holds the rows until they are all in files.</summary>
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

        public Task<AddFile[]> Encoding { get; private set; }

        public int Rows => _rows?.Rows ?? 0;

        private bool _failureReported;

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

        // Its partitions' files side by side: a batch's last chunk (every source's rest) is encoded when nothing else is
        // left to do, and written file after file it left a core idle.
        private Task<AddFile[]> EncodeAsync(TouchpointPartitions rows) => Task.Run(async () =>
        {
            rows.FillResolutions();
            var adds = await Task.WhenAll(rows.Partitions().Select(p => Task.Run(
                () => _owner._table.WriteFileAsync(p.Rows, p.Partition, tags: null, _owner._prefix, _owner._abandon.Token), _owner._abandon.Token)));
            _rows = null;
            _owner._written?.Invoke(rows);
            return adds;
        }, _owner._abandon.Token);
    }
}
