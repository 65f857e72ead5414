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
/// A reader thread decompresses, parses and checks lines ahead of the thread that resolves and commits them
/// (the check is about half of the work per line); batches go between them in line order, and commits fall between
/// batches, where the reader knows the position and the hash of the content up to it.
/// </summary>
public sealed class FileIngestJob(LakeIngestor ingestor, int maxRowsPerCommit, int maxLineBytes, ILogger logger)
{
    // Batches checked ahead of the resolver: enough to ride out a commit's pause, little memory.
    private const int BatchesAhead = 16;

    // Lines per batch, and so the finest a commit can fall: smaller when commits are asked to be small.
    private readonly int _linesPerBatch = Math.Clamp(maxRowsPerCommit, 1, 1024);

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
        for (var index = 0; index < files.Count; index++)
        {
            var file = files[index];
            var start = ledger.Locate(file);
            if (start.Whole)
            {
                logger.LogInformation("{File} is already in the lake (the same content was ingested before); skipped", file.Path);
                already.Add(file.Path);
                continue;
            }

            var batches = Channel.CreateBounded<CheckedBatch>(
                new BoundedChannelOptions(BatchesAhead) { SingleReader = true, SingleWriter = true });
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var reading = Task.Factory.StartNew(() => ReadFile(file, start, batches.Writer, stop.Token),
                stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            try
            {
                await foreach (var batch in batches.Reader.ReadAllAsync(ct))
                {
                    for (var i = 0; i < batch.Count; i++)
                    {
                        counts.Add(ingestor.Take(batch.Lines[i], SourcePosition.InFile(file.Path, batch.FirstLine + i)));
                    }

                    if (ingestor.Pending >= maxRowsPerCommit)
                    {
                        positions.Add(batch.End(start.Id, complete: false));
                        await ingestor.CommitAsync(positions, [], ct);
                        commits++;
                        positions.Clear();
                    }

                    progress?.Report(new IngestProgress(file.Path, index, files.Count, counts.Lines, counts.Accepted, counts.Rejected));
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

            var position = new InputPosition(start.Id, end.Lines, end.Bytes, end.Prefix, Complete: end.Error is null);
            positions.Add(position);
            ledger.Record(position);
            progress?.Report(new IngestProgress(file.Path, index, files.Count, counts.Lines, counts.Accepted, counts.Rejected));
        }

        if (ingestor.Pending > 0 || positions.Count > 0 || ingestor.HasPendingChanges)
        {
            await ingestor.CommitAsync(positions, [], ct);
            commits++;
        }

        // The next start (and every reader of the snapshot tables) should not wait for a cadence.
        await ingestor.MaintainAsync(Maintenance.Finish, ct);

        return new IngestSummary(files.Count, already, failed, counts.Lines, counts.Accepted, counts.Rejected, counts.Redeliveries,
            counts.Suppressed, commits, watch.Elapsed, ingestor.Statistics);
    }

    /// <summary>The reader thread: lines after the start, checked, in batches; where it stopped and why.</summary>
    private ReadEnd ReadFile(InputFile file, InputStart start, ChannelWriter<CheckedBatch> output, CancellationToken ct)
    {
        long lineNumber = 0;
        string? error = null;
        try
        {
            using var reader = LineReader.Open(file, maxLineBytes);
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

            var batch = new CheckedBatch(Math.Max(lineNumber, skip) + 1, _linesPerBatch);
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
                if (batch.Count == _linesPerBatch)
                {
                    Send(output, batch.Ended(reader), ct);
                    batch = new CheckedBatch(lineNumber + 1, _linesPerBatch);
                }
            }

            if (batch.Count > 0)
            {
                Send(output, batch.Ended(reader), ct);
            }

            output.Complete();
            return new ReadEnd(lineNumber, reader.Position, InputLedger.PrefixValue(reader.Prefix), error);
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

    /// <summary>Consecutive checked lines, the first of them numbered <see cref="FirstLine"/>, and where the content stands after them.</summary>
    private sealed class CheckedBatch(long firstLine, int capacity)
    {
        private long _bytes;
        private long _prefix;

        public long FirstLine { get; } = firstLine;

        public CheckedLine[] Lines { get; } = new CheckedLine[capacity];

        public int Count { get; private set; }

        public void Add(CheckedLine line) => Lines[Count++] = line;

        /// <summary>Notes the reader's position and prefix hash after the batch's last line.</summary>
        public CheckedBatch Ended(LineReader reader)
        {
            _bytes = reader.Position;
            _prefix = InputLedger.PrefixValue(reader.Prefix);
            return this;
        }

        public InputPosition End(string input, bool complete) => new(input, FirstLine + Count - 1, _bytes, _prefix, complete);
    }

    private readonly record struct ReadEnd(long Lines, long Bytes, long Prefix, string? Error);

    /// <summary>What became of the lines so far.</summary>
    private sealed class Tally
    {
        public long Lines { get; private set; }

        public long Accepted { get; private set; }

        public long Rejected { get; private set; }

        public long Redeliveries { get; private set; }

        public long Suppressed { get; private set; }

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
