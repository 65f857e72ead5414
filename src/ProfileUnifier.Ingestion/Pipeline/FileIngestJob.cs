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
/// A reader thread decompresses, parses and checks lines ahead of the thread that resolves and commits them
/// (the check is about half of the work per line); batches go between them in line order.
/// </summary>
public sealed class FileIngestJob(LakeIngestor ingestor, int maxRowsPerCommit, int maxLineBytes, ILogger logger)
{
    private const int LinesPerBatch = 1024;

    // Batches checked ahead of the resolver: enough to ride out a commit's pause, little memory.
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

            var batches = Channel.CreateBounded<CheckedBatch>(
                new BoundedChannelOptions(BatchesAhead) { SingleReader = true, SingleWriter = true });
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var reading = Task.Factory.StartNew(() => ReadFile(file, known?.Lines ?? 0, batches.Writer, stop.Token),
                stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            try
            {
                await foreach (var batch in batches.Reader.ReadAllAsync(ct))
                {
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

    /// <summary>The reader thread: lines after <paramref name="skip"/>, checked, in batches; where it stopped and why.</summary>
    private ReadEnd ReadFile(InputFile file, long skip, ChannelWriter<CheckedBatch> output, CancellationToken ct)
    {
        long lineNumber = 0;
        string? error = null;
        try
        {
            using var reader = LineReader.Open(file, maxLineBytes);
            var batch = new CheckedBatch(skip + 1);
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

                batch.Add(ingestor.Check(line.Bytes, line.Length));
                if (batch.Count == LinesPerBatch)
                {
                    Send(output, batch, ct);
                    batch = new CheckedBatch(lineNumber + 1);
                }
            }

            if (batch.Count > 0)
            {
                Send(output, batch, ct);
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

    private static void Send(ChannelWriter<CheckedBatch> output, CheckedBatch batch, CancellationToken ct)
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

    private readonly record struct ReadEnd(long LastLine, string? Error);
}
