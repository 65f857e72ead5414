using System.Threading.Channels;
using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Lake.Groups;

/// <summary>
/// The touchpoint files of one batch, encoded in the background while the batch is still being read: each sealed chunk
/// of rows is appended to its partition's file (one file per partition and batch, a row group or more per chunk), so
/// Parquet encoding runs on a core of its own beside parsing and identity resolution. <see cref="CompleteAsync"/>
/// finishes the files for the batch's commit; nothing names them before it (docs/lake.md, "Commit protocol").
/// </summary>
public sealed class TouchpointFiles : IAsyncDisposable
{
    private readonly DeltaTable _table;
    private readonly string _prefix;
    private readonly Channel<TouchpointPartitions> _chunks = Channel.CreateUnbounded<TouchpointPartitions>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Dictionary<string, DeltaFileWriter> _files = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _abandon = new();
    private readonly Task _encoding;

    /// <param name="table">The touchpoints table.</param>
    /// <param name="prefix">The start of the files' names (the batch: <c>part-0000000042</c>).</param>
    public TouchpointFiles(DeltaTable table, string prefix)
    {
        _table = table;
        _prefix = prefix;
        _encoding = Task.Run(EncodeAsync);
    }

    /// <summary>
    /// Queues a sealed chunk (resolved, no longer added to) for encoding. The queue is not bounded: the caller keeps
    /// every chunk of the batch until its commit anyway (a failed commit is retried from them), so the batch limits
    /// bound the memory, not this queue.
    /// </summary>
    public void Add(TouchpointPartitions chunk)
    {
        if (!_chunks.Writer.TryWrite(chunk))
        {
            throw new InvalidOperationException("the batch's touchpoint files are complete already");
        }
    }

    /// <summary>Waits for the queued chunks to be encoded and finishes the files; throws what encoding failed with.</summary>
    public async Task<IReadOnlyList<AddFile>> CompleteAsync(CancellationToken ct)
    {
        _chunks.Writer.TryComplete();
        await _encoding.WaitAsync(ct);
        var adds = new List<AddFile>(_files.Count);
        foreach (var file in _files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Value))
        {
            adds.Add(await file.CompleteAsync(ct));
        }

        return adds;
    }

    private async Task EncodeAsync()
    {
        await foreach (var chunk in _chunks.Reader.ReadAllAsync(_abandon.Token))
        {
            foreach (var (partition, rows) in chunk.Partitions())
            {
                var key = string.Join('/', partition.Select(p => $"{p.Key}={p.Value}"));
                if (!_files.TryGetValue(key, out var file))
                {
                    _files[key] = file = _table.CreateFile(partition, tags: null, _prefix);
                }

                await file.AppendAsync(rows, _abandon.Token);
            }
        }
    }

    /// <summary>Stops encoding and closes the files unfinished (after a failure: they stay unnamed temporary files).</summary>
    public async ValueTask DisposeAsync()
    {
        _chunks.Writer.TryComplete();
        await _abandon.CancelAsync();
        try
        {
            await _encoding;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or UnauthorizedAccessException)
        {
            // Abandoned: what it failed with was reported by CompleteAsync, or the batch is given up.
        }

        foreach (var file in _files.Values)
        {
            await file.DisposeAsync();
        }

        _abandon.Dispose();
    }
}
