using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using ProfileUnifier.Ingestion.Files;
using ProfileUnifier.Lake.Groups;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Ingestion.Pipeline;

/// <summary>
/// <c>ingest</c>: reads NDJSON files through the pipeline into the lake. Each commit records how far each
/// file was read, so a second run skips what is in (same content, any name) and resumes a file cut short.
/// A reader thread decompresses and splits lines into blocks; each block is checked (contract and normalisation, about
/// half of the work per line) on the thread pool, as many at once as there are cores, while the engine takes the
/// blocks checked before it strictly in line order (so its input, and the lake, do not depend on the scheduling).
/// </summary>
public sealed class FileIngestJob(LakeIngestor ingestor, int maxRowsPerCommit, int maxLineBytes, ILogger logger)
{
    private const int LinesPerBatch = 1024;

    // Blocks read ahead of the resolver (checked, or being checked): enough to keep every core busy and ride out a
    // commit's pause, little memory (~300 KB a block).
    private const int BatchesAhead = 16;

    public async Task<IngestSummary> RunAsync(IReadOnlyList<InputFile> files, IProgress<IngestProgress>? progress, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var already = new List<string>();
        var failed = new List<string>();
        var positions = new List<InputPosition>();
        long lines = 0, accepted = 0, rejected = 0, redeliveries = 0;
        var commits = 0;
        for (var index = 0; index < files.Count; index++)
        {
            var file = files[index];
            var known = ingestor.Progress.Inputs.GetValueOrDefault(file.ContentId);
            if (known is { Complete: true })
            {
                logger.LogInformation("{File} is already in the lake (the same content was ingested before); skipped", file.Path);
                already.Add(file.Path);
                continue;
            }

            var batches = Channel.CreateBounded<Task<CheckedBatch>>(
                new BoundedChannelOptions(BatchesAhead) { SingleReader = true, SingleWriter = true });
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var reading = Task.Factory.StartNew(() => ReadFile(file, known?.Lines ?? 0, batches.Writer, stop.Token),
                stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            try
            {
                await foreach (var checking in batches.Reader.ReadAllAsync(ct))
                {
                    var batch = await checking;
                    for (var i = 0; i < batch.Count; i++)
                    {
                        var lineNumber = batch.FirstLine + i;
                        lines++;
                        switch (ingestor.Take(batch.Lines[i], SourcePosition.InFile(file.Path, lineNumber)))
                        {
                            case LineOutcome.Accepted: accepted++; break;
                            case LineOutcome.Rejected: rejected++; break;
                            default: redeliveries++; break;
                        }

                        if (ingestor.Pending >= maxRowsPerCommit)
                        {
                            positions.Add(new InputPosition(file.ContentId, lineNumber, Complete: false));
                            await ingestor.CommitAsync(positions, [], ct);
                            commits++;
                            positions.Clear();
                        }
                    }

                    progress?.Report(new IngestProgress(file.Path, index, files.Count, lines, accepted, rejected));
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

            positions.Add(new InputPosition(file.ContentId, end.LastLine, Complete: end.Error is null));
            progress?.Report(new IngestProgress(file.Path, index, files.Count, lines, accepted, rejected));
        }

        if (ingestor.Pending > 0 || positions.Count > 0 || ingestor.HasPendingChanges)
        {
            await ingestor.CommitAsync(positions, [], ct);
            commits++;
        }

        // The next start (and every reader of the snapshot tables) should not wait for a cadence.
        await ingestor.MaintainAsync(Maintenance.Finish, ct);

        return new IngestSummary(files.Count, already, failed, lines, accepted, rejected, redeliveries, commits, watch.Elapsed,
            ingestor.Statistics);
    }

    /// <summary>
    /// The reader thread: lines after <paramref name="skip"/> in blocks, each sent on as the task that checks it (in line
    /// order); where it stopped and why.
    /// </summary>
    private ReadEnd ReadFile(InputFile file, long skip, ChannelWriter<Task<CheckedBatch>> output, CancellationToken ct)
    {
        long lineNumber = 0;
        string? error = null;
        try
        {
            using var reader = LineReader.Open(file, maxLineBytes);
            var block = new LineBlock(skip + 1);
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

                block.Add(line.Bytes, line.Length);
                if (block.Count == LinesPerBatch)
                {
                    Send(output, CheckAsync(block, ct), ct);
                    block = new LineBlock(lineNumber + 1);
                }
            }

            if (block.Count > 0)
            {
                Send(output, CheckAsync(block, ct), ct);
            }

            output.Complete();
            return new ReadEnd(lineNumber, error);
        }
        catch (Exception ex)
        {
            output.TryComplete(ex);
            throw;
        }
    }

    private Task<CheckedBatch> CheckAsync(LineBlock block, CancellationToken ct) => Task.Run(() =>
    {
        var batch = new CheckedBatch(block.FirstLine);
        for (var i = 0; i < block.Count; i++)
        {
            batch.Add(ingestor.Check(block.Line(i), block.FullLength(i)));
        }

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

    /// <summary>Consecutive checked lines, the first of them numbered <see cref="FirstLine"/>.</summary>
    private sealed class CheckedBatch(long firstLine)
    {
        public long FirstLine { get; } = firstLine;

        public CheckedLine[] Lines { get; } = new CheckedLine[LinesPerBatch];

        public int Count { get; private set; }

        public void Add(CheckedLine line) => Lines[Count++] = line;
    }

    /// <summary>Consecutive lines as read (copied out of the reader's buffer), the first of them numbered <see cref="FirstLine"/>.</summary>
    private sealed class LineBlock(long firstLine)
    {
        private readonly int[] _ends = new int[LinesPerBatch];
        private readonly long[] _fullLengths = new long[LinesPerBatch];
        private byte[] _bytes = new byte[LinesPerBatch * 256];

        public long FirstLine { get; } = firstLine;

        public int Count { get; private set; }

        public void Add(ReadOnlySpan<byte> line, long fullLength)
        {
            var start = Count == 0 ? 0 : _ends[Count - 1];
            if (start + line.Length > _bytes.Length)
            {
                Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, start + line.Length));
            }

            line.CopyTo(_bytes.AsSpan(start));
            _ends[Count] = start + line.Length;
            _fullLengths[Count++] = fullLength;
        }

        public ReadOnlySpan<byte> Line(int i) => _bytes.AsSpan(i == 0 ? 0 : _ends[i - 1], _ends[i] - (i == 0 ? 0 : _ends[i - 1]));

        public long FullLength(int i) => _fullLengths[i];
    }

    private readonly record struct ReadEnd(long LastLine, string? Error);
}
