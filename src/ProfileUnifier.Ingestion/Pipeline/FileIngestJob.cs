using System.Buffers;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using ProfileUnifier.Ingestion.Files;
using ProfileUnifier.Lake.Groups;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Ingestion.Pipeline;

/// <summary>
/// <c>ingest</c>: reads NDJSON files through the pipeline into the lake. Each commit records how far each input was
/// read (lines, and the bytes they span with their hash: <see cref="InputLedger"/>), so a second run skips what is in
/// (same content, any name), resumes a file cut short and reads only what was appended to a file that grew.
/// A reader thread decompresses and splits lines into blocks; each block is checked (contract and normalisation, about
/// half of the work per line) on the thread pool, as many at once as there are cores, while the engine takes the
/// blocks checked before it strictly in line order (so its input, and the lake, do not depend on the scheduling).
/// Commits fall between blocks, where the reader knew the position and the hash of the content up to it; a batch commits
/// on the thread pool while the next one is taken.
/// </summary>
public sealed class FileIngestJob(LakeIngestor ingestor, int maxRowsPerCommit, int maxLineBytes, ILogger logger)
{
    // Blocks read ahead of the resolver (checked, or being checked): enough to keep two cores busy, and few, because the
    // parsed events of the blocks waiting survive young collections and are copied (16 blocks ahead promoted 30-80 MB at
    // each gen0 collection of a 1M-line ingest, 4 blocks 12-48 MB).
    private const int BatchesAhead = 4;

    // Lines per batch, and so the finest a commit can fall: smaller when commits are asked to be small.
    private readonly int _linesPerBatch = Math.Clamp(maxRowsPerCommit, 1, 1024);

    /// <summary>Opens an input to read its lines (a seam: tests make an input vanish between its turn and its opening).</summary>
    internal Func<InputFile, int, LineReader> OpenInput { get; init; } = LineReader.Open;

    /// <summary>Where each input starts as the lake knows it (for a progress total; a copy of another input in the list is not seen here).</summary>
    public IReadOnlyList<(InputFile File, InputStart Start)> Plan(IReadOnlyList<InputFile> files)
    {
        var ledger = new InputLedger(ingestor.Progress.Inputs);
        return [.. files.Select(f => (f, ledger.Locate(f)))];
    }

    public async Task<IngestSummary> RunAsync(IReadOnlyList<InputFile> files, IProgress<IngestProgress>? progress, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var ledger = new InputLedger(ingestor.Progress.Inputs);
        var already = new List<string>();
        var failed = new List<string>();
        var positions = new List<InputPosition>();
        var counts = new Tally();
        var commits = 0;
        // The batch before, committing while the next one's lines are taken (as a worker's do): an ingest took no line for
        // the 0.1-0.4 s of each commit.
        var committing = Task.CompletedTask;
        try
        {
            for (var index = 0; index < files.Count; index++)
            {
                var file = files[index];
                InputStart start;
                try
                {
                    start = ledger.Locate(file);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Gone or unreadable since it was listed: reported like a corrupt input, and the others go on.
                    var unreadable = $"{file.Path}: unreadable: {ex.Message}";
                    logger.LogError("{Error}", unreadable);
                    failed.Add(unreadable);
                    continue;
                }

                if (start.Whole)
                {
                    logger.LogInformation("{File} is already in the lake (the same content was ingested before); skipped", file.Path);
                    already.Add(file.Path);
                    continue;
                }

                var batches = Channel.CreateBounded<Task<CheckedBatch>>(
                    new BoundedChannelOptions(BatchesAhead) { SingleReader = true, SingleWriter = true });
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var reading = Task.Factory.StartNew(() => ReadFile(file, start, batches.Writer, stop.Token),
                    stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                try
                {
                    await foreach (var checking in batches.Reader.ReadAllAsync(ct))
                    {
                        var batch = await checking;
                        var lines = batch.Lines.AsSpan(0, batch.Count);
                        for (var i = 0; i < lines.Length; i++)
                        {
                            ingestor.PrefetchAhead(lines, i);
                            if (batch.HeldBack(i))
                            {
                                // Not read: the reader's position stands before it, so the next ingest of the grown file reads it whole.
                                logger.LogWarning("{File}: the last line (line {Line}) has no newline and is not a valid event yet ({Reason}); left for the next ingest, when the file is complete",
                                    file.Path, batch.FirstLine + i, lines[i].Result.Rejection!.Reason);
                                counts.HoldBack();
                                continue;
                            }

                            counts.Add(ingestor.Take(lines[i], SourcePosition.InFile(file.Path, batch.FirstLine + i)));
                        }

                        batch.Release();

                        if (ingestor.Pending >= maxRowsPerCommit)
                        {
                            positions.Add(batch.End(start.Id, complete: false));
                            committing = await CommitBehindAsync(committing, positions, ct);
                            commits++;
                            positions.Clear();
                        }

                        progress?.Report(new IngestProgress(file.Path, index, files.Count, batch.InputBytes, counts.Lines, counts.Accepted, counts.Rejected));
                    }
                }
                finally
                {
                    // A failed commit or a cancellation stops the reader before the file is closed under it.
                    await stop.CancelAsync();
                    await reading.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                }

                var end = await reading;
                if (end.Error is { } error)
                {
                    logger.LogError("{Error}", error);
                    failed.Add(error);
                }

                if (!end.Opened)
                {
                    // Nothing read: the lake keeps the position it had for this input.
                    continue;
                }

                var position = new InputPosition(start.Id, end.Lines, end.Bytes, end.Prefix, Complete: end.Error is null);
                positions.Add(position);
                ledger.Record(position);
                progress?.Report(new IngestProgress(file.Path, index, files.Count, end.InputBytes, counts.Lines, counts.Accepted, counts.Rejected));
            }
        }
        catch
        {
            // Failed or cancelled while a batch commits: that commit ends first (nothing writes the lake after the ingest).
            await committing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        await committing;
        if (ingestor.Pending > 0 || positions.Count > 0 || ingestor.HasPendingChanges)
        {
            await ingestor.CommitAsync(positions, [], ct, Maintenance.CheckpointWhenDue);
            commits++;
        }

        // Between its batches an ingest only checkpoints: the snapshot tables and compaction are done once, here, for
        // everything it read (on a worker's cadence a long ingest published them every 30 s, a rewrite each that grows
        // with the identity graph). The next start, and every reader of the snapshot tables, should not wait for a cadence.
        await ingestor.MaintainAsync(Maintenance.Finish, ct);

        return new IngestSummary(files.Count, already, failed, counts.Lines, counts.Accepted, counts.Rejected, counts.Redeliveries,
            counts.Suppressed, commits, watch.Elapsed, ingestor.Statistics, counts.HeldBack);
    }

    /// <summary>
    /// Seals the batch and starts its commit, to run while the next batch's lines are taken, once the commit before has
    /// ended (one at a time; its failure ends the ingest here). If the identity checkpoint is due after it, the commit is
    /// awaited and the checkpoint made before another line is taken: it must be of the engine as of that batch.
    /// </summary>
    private async Task<Task> CommitBehindAsync(Task before, IReadOnlyList<InputPosition> positions, CancellationToken ct)
    {
        // A cancelled ingest stops here rather than seal and start another commit (the one before still ends first).
        await before.WaitAsync(ct);
        var batch = ingestor.Seal(positions, []);
        var commit = Task.Run(() => ingestor.CommitAsync(batch, ct), ct);
        if (ingestor.MaintenanceDue(batch.Number, Maintenance.CheckpointWhenDue))
        {
            await commit;
            await ingestor.MaintainAsync(Maintenance.CheckpointWhenDue, ct);
        }

        return commit;
    }

    /// <summary>
    /// The reader thread: lines after the start in blocks, each sent on as the task that checks it (in line order); where
    /// it stopped and why.
    /// </summary>
    private ReadEnd ReadFile(InputFile file, InputStart start, ChannelWriter<Task<CheckedBatch>> output, CancellationToken ct)
    {
        long lineNumber = 0;
        var endsUnterminated = false;
        string? error = null;
        try
        {
            LineReader reader;
            try
            {
                reader = OpenInput(file, maxLineBytes);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone or unreadable since its turn began (InputLedger.Locate read it): reported as one that was gone then.
                output.Complete();
                return new ReadEnd(0, 0, 0, 0, $"{file.Path}: unreadable: {ex.Message}", Opened: false);
            }

            using var _ = reader;
            long skip = 0;
            if (start.Bytes is { } bytes)
            {
                // The lake has these bytes: hash them (the prefix of every later position) without reading lines.
                reader.Skip(bytes);
                lineNumber = start.Lines;
            }
            else
            {
                skip = start.Lines;
            }

            var block = new LineBlock(Math.Max(lineNumber, skip) + 1, _linesPerBatch);
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                LineReader.Line line;
                try
                {
                    if (!reader.TryRead(out line))
                    {
                        break;
                    }
                }
                catch (Exception ex) when (ex is IOException or InvalidDataException)
                {
                    // An unreadable input (a corrupt .gz, say): keep what was read, say where it broke, go on.
                    error = $"{file.Path}: unreadable after line {lineNumber}: {ex.Message}";
                    break;
                }

                if (++lineNumber <= skip)
                {
                    continue;
                }

                endsUnterminated = !line.Terminated;
                block.Add(line.Bytes, line.Length, line.Terminated);
                if (block.Count == _linesPerBatch)
                {
                    Send(output, CheckAsync(block.Ended(reader), ct), ct);
                    block = new LineBlock(lineNumber + 1, _linesPerBatch);
                }
            }

            if (block.Count > 0)
            {
                Send(output, CheckAsync(block.Ended(reader), ct), ct);
            }

            output.Complete();
            // A last line with no newline is not in the reader's position (LineReader.Line.Terminated): nor in its count.
            return new ReadEnd(lineNumber - (endsUnterminated ? 1 : 0), reader.Position, InputLedger.PrefixValue(reader.Prefix), reader.InputBytesRead, error);
        }
        catch (Exception ex)
        {
            output.TryComplete(ex);
            throw;
        }
    }

    private Task<CheckedBatch> CheckAsync(LineBlock block, CancellationToken ct) => Task.Run(() =>
    {
        var batch = new CheckedBatch(block.FirstLine, block.Count, block.Bytes, block.Prefix, block.InputBytes, block.EndsUnterminated);
        for (var i = 0; i < block.Count; i++)
        {
            batch.Add(ingestor.Check(block.Line(i), block.FullLength(i)));
        }

        // A checked line keeps no reference to the block's bytes (a rejected one copies its own).
        block.Release();
        return batch;
    }, ct);

    private static void Send(ChannelWriter<Task<CheckedBatch>> output, Task<CheckedBatch> batch, CancellationToken ct)
    {
        while (!output.TryWrite(batch))
        {
            // Full: the resolver is behind (or committing). Block this dedicated thread until there is room.
            if (!output.WaitToWriteAsync(ct).AsTask().GetAwaiter().GetResult())
            {
                throw new InvalidOperationException("the batch channel was closed by its reader");
            }
        }
    }

    /// <summary>
    /// Consecutive checked lines, the first of them numbered <see cref="FirstLine"/>, and where the content stands after
    /// them (<paramref name="bytes"/>, <paramref name="prefix"/>: what the reader knew when it sent their block).
    /// </summary>
    private sealed class CheckedBatch(long firstLine, int capacity, long bytes, long prefix, long inputBytes, bool endsUnterminated)
    {
        public long FirstLine { get; } = firstLine;

        /// <summary>Bytes of the input file read when the block was sent (<see cref="LineReader.InputBytesRead"/>).</summary>
        public long InputBytes { get; } = inputBytes;

        // Pooled: a block's array (~80 KB) allocated per block was 411 MB of garbage in a 5M-line ingest.
        public CheckedLine[] Lines { get; private set; } = ArrayPool<CheckedLine>.Shared.Rent(capacity);

        public int Count { get; private set; }

        public void Add(CheckedLine line) => Lines[Count++] = line;

        /// <summary>Gives the lines' array back to its pool once they are taken (what they hold is let go with it).</summary>
        public void Release()
        {
            ArrayPool<CheckedLine>.Shared.Return(Lines, clearArray: true);
            Lines = [];
        }

        /// <summary>
        /// Whether line <paramref name="i"/> is the input's last, with no newline, and rejected: the file may be still being
        /// written and the line cut short, so it is neither taken nor rejected (an accepted one is a whole event: taken,
        /// and a redelivery when read again).
        /// </summary>
        public bool HeldBack(int i) => endsUnterminated && i == Count - 1 && !Lines[i].Result.IsAccepted;

        public InputPosition End(string input, bool complete) =>
            new(input, FirstLine + Count - 1 - (endsUnterminated ? 1 : 0), bytes, prefix, complete);
    }

    /// <summary>
    /// Consecutive lines as read (copied out of the reader's buffer), the first of them numbered <see cref="FirstLine"/>.
    /// Their bytes are in a pooled buffer, given back once the block is checked: a block's ~400 KB would otherwise be a
    /// large-object allocation, and every few hundred of those cost a full collection of a heap that holds the engine.
    /// </summary>
    private sealed class LineBlock(long firstLine, int capacity)
    {
        private const int BytesPerLine = 512;

        // Its own pool: the shared one keeps a few arrays of a size per core and would drop most of the blocks in flight.
        private static readonly ArrayPool<byte> Pool = ArrayPool<byte>.Create(maxArrayLength: 16 << 20, maxArraysPerBucket: BatchesAhead + 8);

        private readonly int[] _ends = new int[capacity];
        private readonly long[] _fullLengths = new long[capacity];
        private byte[] _bytes = Pool.Rent(capacity * BytesPerLine);

        public long FirstLine { get; } = firstLine;

        public int Count { get; private set; }

        /// <summary>Whether the block's last line is the input's last and has no newline (<see cref="LineReader.Line.Terminated"/>).</summary>
        public bool EndsUnterminated { get; private set; }

        /// <summary>The reader's position after the block's last line.</summary>
        public long Bytes { get; private set; }

        /// <summary>The hash of the content up to <see cref="Bytes"/>.</summary>
        public long Prefix { get; private set; }

        /// <summary>Bytes of the input file read by then (<see cref="LineReader.InputBytesRead"/>).</summary>
        public long InputBytes { get; private set; }

        public void Add(ReadOnlySpan<byte> line, long fullLength, bool terminated)
        {
            EndsUnterminated = !terminated;
            var start = Count == 0 ? 0 : _ends[Count - 1];
            if (start + line.Length > _bytes.Length)
            {
                var larger = Pool.Rent(Math.Max(_bytes.Length * 2, start + line.Length));
                _bytes.AsSpan(0, start).CopyTo(larger);
                Pool.Return(_bytes);
                _bytes = larger;
            }

            line.CopyTo(_bytes.AsSpan(start));
            _ends[Count] = start + line.Length;
            _fullLengths[Count++] = fullLength;
        }

        /// <summary>Notes the reader's position, prefix hash and bytes read after the block's last line.</summary>
        public LineBlock Ended(LineReader reader)
        {
            Bytes = reader.Position;
            Prefix = InputLedger.PrefixValue(reader.Prefix);
            InputBytes = reader.InputBytesRead;
            return this;
        }

        public ReadOnlySpan<byte> Line(int i) => _bytes.AsSpan(i == 0 ? 0 : _ends[i - 1], _ends[i] - (i == 0 ? 0 : _ends[i - 1]));

        public long FullLength(int i) => _fullLengths[i];

        /// <summary>Gives the bytes back to the pool: the block is not read again.</summary>
        public void Release()
        {
            Pool.Return(_bytes);
            _bytes = [];
        }
    }

    private readonly record struct ReadEnd(long Lines, long Bytes, long Prefix, long InputBytes, string? Error, bool Opened = true);

    /// <summary>What became of the lines so far.</summary>
    private sealed class Tally
    {
        public long Lines { get; private set; }

        public long Accepted { get; private set; }

        public long Rejected { get; private set; }

        public long Redeliveries { get; private set; }

        public long Suppressed { get; private set; }

        public long HeldBack { get; private set; }

        public void HoldBack() => HeldBack++;

        public void Add(LineOutcome outcome)
        {
            Lines++;
            switch (outcome)
            {
                case LineOutcome.Accepted: Accepted++; break;
                case LineOutcome.Rejected: Rejected++; break;
                case LineOutcome.Suppressed: Suppressed++; break;
                default: Redeliveries++; break;
            }
        }
    }
}
