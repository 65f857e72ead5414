using System.Threading.Channels;
using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Lake.Groups;

/// <summary>
/// The touchpoint files of one batch, encoded in the background while the batch is still being read: each sealed chunk
/// of rows is appended to its partition's file (one file per partition and batch, a row group or more per chunk), each
/// file by a task of its own, so Parquet encoding runs beside parsing and identity resolution and the files of a batch
/// are encoded side by side. <see cref="CompleteAsync"/> finishes the files for the batch's commit; nothing names them
/// before it (docs/lake.md, "Commit protocol").
/// </summary>
public sealed class TouchpointFiles : IAsyncDisposable
{
    private readonly DeltaTable _table;
    private readonly string _prefix;
    private readonly Dictionary<string, PartitionFile> _files = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _abandon = new();
    private bool _complete;

    /// <param name="table">The touchpoints table.</param>
    /// <param name="prefix">The start of the files' names (the batch: <c>part-0000000042</c>).</param>
    public TouchpointFiles(DeltaTable table, string prefix)
    {
        _table = table;
        _prefix = prefix;
    }

    /// <summary>
    /// Queues a sealed chunk (resolved, no longer added to) for encoding. The queues are not bounded: the caller keeps
    /// every chunk of the batch until its commit anyway (a failed commit is retried from them), so the batch limits
    /// bound the memory, not these queues.
    /// </summary>
    public void Add(TouchpointPartitions chunk)
    {
        if (_complete)
        {
            throw new InvalidOperationException("the batch's touchpoint files are complete already");
        }

        foreach (var (partition, rows) in chunk.Partitions())
        {
            var key = string.Join('/', partition.Select(p => $"{p.Key}={p.Value}"));
            if (!_files.TryGetValue(key, out var file))
            {
                _files[key] = file = new PartitionFile(_table.CreateFile(partition, tags: null, _prefix), _abandon.Token);
            }

            file.Queue.Writer.TryWrite(rows);
        }
    }

    /// <summary>Waits for the queued chunks to be encoded and finishes the files; throws what encoding failed with.</summary>
    public async Task<IReadOnlyList<AddFile>> CompleteAsync(CancellationToken ct)
    {
        _complete = true;
        foreach (var file in _files.Values)
        {
            file.Queue.Writer.TryComplete();
        }

        await Task.WhenAll(_files.Values.Select(f => f.Encoding)).WaitAsync(ct);
        var adds = new List<AddFile>(_files.Count);
        foreach (var file in _files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Value))
        {
            adds.Add(await file.Writer.CompleteAsync(ct));
        }

        return adds;
    }

    /// <summary>Stops encoding and closes the files unfinished (after a failure: they stay unnamed temporary files).</summary>
    public async ValueTask DisposeAsync()
    {
        _complete = true;
        await _abandon.CancelAsync();
        foreach (var file in _files.Values)
        {
            file.Queue.Writer.TryComplete();
            try
            {
                await file.Encoding;
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or UnauthorizedAccessException)
            {
                // Abandoned: what it failed with was reported by CompleteAsync, or the batch is given up.
            }

            await file.Writer.DisposeAsync();
        }

        _abandon.Dispose();
    }

    /// <summary>One partition's file and the task that appends its chunks in the order they came.</summary>
    private sealed class PartitionFile
    {
        public PartitionFile(DeltaFileWriter writer, CancellationToken abandon)
        {
            Writer = writer;
            Encoding = Task.Run(async () =>
            {
                await foreach (var rows in Queue.Reader.ReadAllAsync(abandon))
                {
                    await Writer.AppendAsync(rows, abandon);
                }
            }, abandon);
        }

        public Channel<TableSlice> Queue { get; } = Channel.CreateUnbounded<TableSlice>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

        public DeltaFileWriter Writer { get; }

        public Task Encoding { get; }
    }
}
