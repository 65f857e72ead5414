using System.Collections.Concurrent;
using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Groups;
using ProfileUnifier.Lake.Privacy;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Ingestion.Pipeline;

/// <summary>
/// Fills a batch's touchpoint chunks (one open per source) with the rows of the events taken, behind the taking thread:
/// that thread (the engine's) is the pipeline's one serial stage, and building a row's 51 columns was a third of its
/// work. The rows go over in segments, in the order taken, to a chain of tasks that runs one at a time; a chunk is sealed
/// after its last row and goes to the batch's encoder (<see cref="TouchpointFiles"/>), which is given the batch's
/// resolutions, captured on the taking thread, at its end. A few segments at most wait: the taking thread waits for the
/// oldest beyond that, so that the events held stay few. In a pseudonymised lake the rows are built on the taking
/// thread, as the vault they note tokens in is that thread's.
/// </summary>
internal sealed class ChunkBuilder
{
    private const int SegmentRows = 1024;
    private const int MaxWaiting = 8;

    private readonly IdentifierVault? _vault;

    // The builder's (touched only by the chain's tasks, or on the taking thread in a pseudonymised lake).
    private readonly TouchpointPartitions[] _open = [.. EventSources.All.Select(_ => new TouchpointPartitions())];
    private TouchpointFiles? _files;

    // Chunks encoded, cleared for the next chunk to fill: growing 51 columns afresh for every chunk
    // allocated more per row (about 1.4 KB) than parsing the line, all of it garbage for the GC. One at most: a sealed
    // chunk is usually the largest source's, and a spare keeps the capacity of the largest chunk (~60 MB of columns).
    private readonly ConcurrentQueue<TouchpointPartitions> _spareChunks = new();

    // Segments the chain has added to their chunks, for the taking thread to fill again: a new array of 1,024 rows
    // (120 KB) per segment was 118 MB of the 2.36 GB a 1M-line ingest allocated, garbage for the collector.
    private readonly ConcurrentQueue<Row[]> _spareSegments = new();

    // The taking thread's.
    private Row[] _segment = new Row[SegmentRows];
    private int _segmentRows;
    private Task _tail = Task.CompletedTask;
    private readonly Queue<Task> _waiting = new();

    public ChunkBuilder(IdentifierVault? vault) => _vault = vault;

    /// <summary>Adds an event's row to its source's open chunk (<paramref name="signature"/>: the engine's handle for it).</summary>
    public void Add(IncomingEvent e, IdentityKeys keys, int signature, SourcePosition position, long txn)
    {
        if (_vault is not null)
        {
            _open[(int)e.Source].Add(e, keys, signature, position, txn, _vault);
            return;
        }

        _segment[_segmentRows++] = new Row(e, keys, signature, position, txn);
        if (_segmentRows == SegmentRows)
        {
            SendSegment();
        }
    }

    /// <summary>
    /// Seals a source's open chunk after the rows added so far: it goes to the encoder of batch <paramref name="batch"/>
    /// (all but its resolution columns, which wait for the batch's resolve: <see cref="EndBatch"/>).
    /// </summary>
    public void Seal(EventSource source, DeltaTable table, long batch)
    {
        SendSegment();
        Then(() =>
        {
            var chunk = _open[(int)source];
            (_files ??= new TouchpointFiles(table, $"part-{batch:D10}", Reuse)).Add(chunk);
            _open[(int)source] = _spareChunks.TryDequeue(out var spare) ? spare : new TouchpointPartitions();
        });
    }

    /// <summary>
    /// The batch's files being encoded, once every chunk sealed before is with them, given the batch's resolution (every
    /// row's signature in <paramref name="captured"/>, see <see cref="TouchpointFiles.Resolved"/>); null when no chunk was
    /// sealed. The next seal starts the next batch's.
    /// </summary>
    public Task<TouchpointFiles?> EndBatch(CapturedResolutions captured, DateTime ingestedAt)
    {
        SendSegment();
        return Then(() =>
        {
            var files = _files;
            _files = null;
            files?.Resolved(captured, ingestedAt);
            return files;
        });
    }

    private void SendSegment()
    {
        if (_segmentRows == 0)
        {
            return;
        }

        var (rows, count) = (_segment, _segmentRows);
        (_segment, _segmentRows) = (_spareSegments.TryDequeue(out var spare) ? spare : new Row[SegmentRows], 0);
        Then(() =>
        {
            for (var i = 0; i < count; i++)
            {
                ref readonly var row = ref rows[i];
                _open[(int)row.Event.Source].Add(row.Event, row.Keys, row.Signature, row.Position, row.Txn);
            }

            // The events are the chunk's now: the spare holds none of them.
            Array.Clear(rows, 0, count);
            _spareSegments.Enqueue(rows);
        });
    }

    private void Then(Action work) => Then(() =>
    {
        work();
        return true;
    });

    /// <summary>Runs <paramref name="work"/> after everything sent before; what failed there fails this and every later step.</summary>
    private Task<T> Then<T>(Func<T> work)
    {
        if (_vault is not null)
        {
            return Task.FromResult(work());
        }

        while (_waiting.TryPeek(out var oldest) && (oldest.IsCompleted || _waiting.Count >= MaxWaiting))
        {
            // Behind by more than a few steps: wait for the oldest (and surface what failed, here, on the taking thread).
            _waiting.Dequeue().GetAwaiter().GetResult();
        }

        var next = _tail.ContinueWith(before =>
        {
            before.GetAwaiter().GetResult();
            return work();
        }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        _tail = next;
        _waiting.Enqueue(next);
        return next;
    }

    /// <summary>Keeps a chunk that is encoded for a later one to fill (on the encoder's thread).</summary>
    private void Reuse(TouchpointPartitions written)
    {
        if (_spareChunks.IsEmpty)
        {
            written.Clear();
            _spareChunks.Enqueue(written);
        }
        else
        {
            // Let go: its text columns' arrays go back to their pool for the chunks made next.
            written.Release();
        }
    }

    private readonly record struct Row(IncomingEvent Event, IdentityKeys Keys, int Signature, SourcePosition Position, long Txn);
}
