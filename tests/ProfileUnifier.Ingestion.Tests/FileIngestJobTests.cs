using System.Globalization;
using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Core.Validation;
using ProfileUnifier.Ingestion.Files;
using ProfileUnifier.Ingestion.Pipeline;
using ProfileUnifier.Lake;
using ProfileUnifier.Lake.Groups;
using ProfileUnifier.Lake.Reading;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Synthetic;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Ingestion.Tests;

public sealed class FileIngestJobTests
{
    // Two months of activity: enough partitions to exercise the layout, few enough to keep the suite quick.
    private static readonly GeneratorOptions Small = new() { Accounts = 60, Events = 12_000, Seed = 7, Days = 60 };

    [Fact]
    public async Task RunAsync_GeneratedData_EveryLineEndsUpExactlyOnce()
    {
        using var dir = new TempFolder();
        var generated = Datasets.Write(dir["data"], Small);

        var summary = await LakeBuilder.IngestAsync(dir["lake"], [dir["data/events.ndjson"]]);

        Assert.Equal(generated.Lines, summary.Lines);
        Assert.Equal(generated.Events, summary.Accepted);
        Assert.Equal(generated.Malformed, summary.Rejected);
        Assert.Equal(generated.Redeliveries, summary.Redeliveries);
        Assert.True(summary.IsReconciled);
        using var duck = new DuckLake(dir["lake"]);
        Assert.Equal(summary.Accepted, duck.Count(TableNames.Touchpoints));
        Assert.Equal(summary.Accepted, duck.Scalar<long>($"SELECT count(DISTINCT event_id) FROM {duck.Table(TableNames.Touchpoints)}"));
        Assert.Equal(summary.Rejected, duck.Count(TableNames.Rejected));
        Assert.Equal(0, duck.Count(TableNames.Rejected, "reason IS NULL OR reason = '' OR line IS NULL OR file IS NULL"));
        // Every line number of the file is either a touchpoint, a rejection or a redelivery of an accepted id.
        var positions = duck.Scalar<long>($"""
            SELECT count(*) FROM (
              SELECT source_position FROM {duck.Table(TableNames.Touchpoints)}
              UNION ALL SELECT source FROM {duck.Table(TableNames.Rejected)})
            """);
        Assert.Equal(summary.Lines - summary.Redeliveries, positions);
    }

    [Fact]
    public async Task RunAsync_SameFileAgain_ChangesNothing()
    {
        using var dir = new TempFolder();
        Datasets.Write(dir["data"], Small);
        await LakeBuilder.IngestAsync(dir["lake"], [dir["data/events.ndjson"]]);
        var before = LakeAssert.IdentityTables(dir["lake"]);
        var versions = await VersionsAsync(dir["lake"]);
        File.Copy(dir["data/events.ndjson"], dir["data/copy-of-events.ndjson"]);

        var again = await LakeBuilder.IngestAsync(dir["lake"], [dir["data"]]);

        Assert.Equal(2, again.AlreadyIngested.Count);
        Assert.Equal(0, again.Lines);
        Assert.Equal(versions, await VersionsAsync(dir["lake"]));
        Assert.Equal(before, LakeAssert.IdentityTables(dir["lake"]));
    }

    [Fact]
    public async Task RunAsync_MoreFilesInALaterRun_SameLakeAsAllAtOnce()
    {
        using var dir = new TempFolder();
        Datasets.Write(dir["data"], Small);
        // Split on bytes: the data holds deliberately invalid UTF-8 that text APIs would "repair".
        var bytes = File.ReadAllBytes(dir["data/events.ndjson"]);
        var lines = bytes.Count(b => b == (byte)'\n');
        var cut = 0;
        for (var n = 0; n < lines / 3; n++)
        {
            cut = Array.IndexOf(bytes, (byte)'\n', cut) + 1;
        }

        Directory.CreateDirectory(dir["parts"]);
        File.WriteAllBytes(dir["parts/a.ndjson"], bytes[..cut]);
        File.WriteAllBytes(dir["parts/b.ndjson"], bytes[cut..]);

        await LakeBuilder.IngestAsync(dir["whole"], [dir["data/events.ndjson"]]);
        await LakeBuilder.IngestAsync(dir["split"], [dir["parts/b.ndjson"]]);
        var second = await LakeBuilder.IngestAsync(dir["split"], [dir["parts/a.ndjson"]]);

        Assert.Equal(lines / 3, second.Lines);
        Assert.Equal(LakeAssert.IdentityTables(dir["whole"]), LakeAssert.IdentityTables(dir["split"]));
    }

    /// <summary>
    /// Every event offered again after several runs, each ending in an identity checkpoint that added a run of ids and of
    /// order reports (some merged): the redelivery filter finds each in the runs it maps, and the lake is unchanged.
    /// </summary>
    [Fact]
    public async Task RunAsync_EveryEventAgainAfterSeveralCheckpoints_AllRedeliveries()
    {
        using var dir = new TempFolder();
        var generated = Datasets.Write(dir["data"], Small);
        // Lines as bytes: the data holds deliberately invalid UTF-8 that text APIs would "repair".
        var lines = SplitLines(File.ReadAllBytes(dir["data/events.ndjson"]));
        Directory.CreateDirectory(dir["parts"]);
        var parts = lines.Chunk((lines.Count / 4) + 1).ToList();
        for (var i = 0; i < parts.Count; i++)
        {
            File.WriteAllBytes(dir[$"parts/{i}.ndjson"], [.. parts[i].SelectMany(l => l)]);
            await LakeBuilder.IngestAsync(dir["lake"], [dir[$"parts/{i}.ndjson"]]);
        }

        var before = LakeAssert.IdentityTables(dir["lake"]);
        File.WriteAllBytes(dir["again.ndjson"], [.. lines.AsEnumerable().Reverse().SelectMany(l => l)]);
        var again = await LakeBuilder.IngestAsync(dir["lake"], [dir["again.ndjson"]]);

        Assert.NotEmpty(Directory.GetFiles(dir["lake/_identity"], "ids-*.run"));
        Assert.NotEmpty(Directory.GetFiles(dir["lake/_identity"], "orders-*.run"));
        Assert.Equal(0, again.Accepted);
        Assert.Equal(generated.Events + generated.Redeliveries, again.Redeliveries);
        Assert.Equal(before, LakeAssert.IdentityTables(dir["lake"]));
        using var duck = new DuckLake(dir["lake"]);
        Assert.Equal(generated.Events, duck.Count(TableNames.Touchpoints));
    }

    /// <summary>The lines of a file, each with its newline.</summary>
    private static List<byte[]> SplitLines(byte[] bytes)
    {
        var lines = new List<byte[]>();
        for (var start = 0; start < bytes.Length;)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', start);
            end = end < 0 ? bytes.Length : end + 1;
            lines.Add(bytes[start..end]);
            start = end;
        }

        return lines;
    }

    [Fact]
    public async Task RunAsync_PlainAndGzipInputs_ProgressByBytesOfEachFileUpToItsSize()
    {
        using var dir = new TempFolder();
        Datasets.Write(dir["data"], Small);
        var lines = File.ReadAllLines(dir["data/events.ndjson"]);
        File.WriteAllLines(dir["in/a.ndjson"].Also(dir["in"]), lines[..6000]);
        using (var gz = new GZipStream(File.Create(dir["in/b.ndjson.gz"]), CompressionLevel.Fastest))
        {
            gz.Write(Encoding.UTF8.GetBytes(string.Join('\n', lines[6000..]) + "\n"));
        }

        var reports = new List<IngestProgress>();
        var summary = await LakeBuilder.IngestAsync(dir["lake"], [dir["in"]], progress: new Recorder(reports));

        Assert.Equal(lines.Length, summary.Lines);
        var files = InputDiscovery.Find([dir["in"]]);
        Assert.Equal(2, files.Count);
        for (var i = 0; i < files.Count; i++)
        {
            // A report a batch, of the bytes of the file on disk read by then (compressed ones for the .gz), never back.
            var read = reports.Where(r => r.FileIndex == i).Select(r => r.InputBytes).ToList();
            Assert.True(read.Count > 2, $"{read.Count} reports for {files[i].Path}");
            Assert.Equal(read.Order(), read);
            Assert.Equal(files[i].Bytes, read[^1]);
        }
    }

    [Fact]
    public async Task RunAsync_LongRejectedLines_RawKeepsTheirStartAndRawBytesTheirLength()
    {
        using var dir = new TempFolder();
        // Longer than what a checker keeps of a rejected line, in one-byte and in multi-byte characters.
        var ascii = "{\"event_id\": " + new string('x', 3 * RejectedRows.RawBytesKept) + "}";
        var cyrillic = "{\"event_id\": \"" + new string('ж', 3 * RejectedRows.RawBytesKept) + "\"";
        File.WriteAllText(dir["in.ndjson"], ascii + "\n" + cyrillic + "\n");

        var summary = await LakeBuilder.IngestAsync(dir["lake"], [dir["in.ndjson"]]);

        Assert.Equal(2, summary.Rejected);
        using var duck = new DuckLake(dir["lake"]);
        Assert.Equal(
            [$"1|{Encoding.UTF8.GetByteCount(ascii)}|{ascii[..RejectedRows.RawLimit]}", $"2|{Encoding.UTF8.GetByteCount(cyrillic)}|{cyrillic[..RejectedRows.RawLimit]}"],
            duck.Rows($"SELECT line || '|' || raw_bytes || '|' || raw FROM {duck.Table(TableNames.Rejected)} ORDER BY line").Select(r => (string)r[0]!));
    }

    /// <summary>
    /// Issue 15, item 3: the same content under another name, in a later run or in the same one, adds no rejected row and no
    /// line to the totals (touchpoints were right before; the rejected table and the counts now follow them).
    /// </summary>
    [Fact]
    public async Task RunAsync_SameContentUnderAnotherName_RejectedRowsAndCountsOnce()
    {
        using var dir = new TempFolder();
        var generated = Datasets.Write(dir["data"], Small);
        File.Copy(dir["data/events.ndjson"], dir["copies/a.ndjson"].Also(dir["copies"]));
        File.Copy(dir["data/events.ndjson"], dir["copies/b.ndjson"]);

        await LakeBuilder.IngestAsync(dir["later"], [dir["data/events.ndjson"]]);
        var later = await LakeBuilder.IngestAsync(dir["later"], [dir["copies/a.ndjson"]]);
        var together = await LakeBuilder.IngestAsync(dir["together"], [dir["copies"]]);

        Assert.Equal(0, later.Lines);
        Assert.Equal(["a.ndjson"], later.AlreadyIngested.Select(Path.GetFileName));
        Assert.Equal(generated.Lines, together.Lines);
        Assert.Equal(["b.ndjson"], together.AlreadyIngested.Select(Path.GetFileName));
        LakeAssert.ExactlyOnce(dir["later"], generated);
        LakeAssert.ExactlyOnce(dir["together"], generated);
    }

    /// <summary>A file that grew between runs (a log being appended to): the second run reads only the new lines.</summary>
    [Fact]
    public async Task RunAsync_FileGrewBetweenRuns_ReadsOnlyWhatWasAppended()
    {
        using var dir = new TempFolder();
        var generated = Datasets.Write(dir["data"], Small);
        var bytes = File.ReadAllBytes(dir["data/events.ndjson"]);
        var cut = LineBoundary(bytes, bytes.Count(b => b == (byte)'\n') / 2);
        File.WriteAllBytes(dir["growing.ndjson"], bytes[..cut]);

        var first = await LakeBuilder.IngestAsync(dir["lake"], [dir["growing.ndjson"]], maxRowsPerCommit: 2_000);
        await using (var append = new FileStream(dir["growing.ndjson"], FileMode.Append))
        {
            append.Write(bytes.AsSpan(cut));
        }

        var second = await LakeBuilder.IngestAsync(dir["lake"], [dir["growing.ndjson"]], maxRowsPerCommit: 2_000);
        var third = await LakeBuilder.IngestAsync(dir["lake"], [dir["growing.ndjson"]]);

        Assert.Equal(generated.Lines, first.Lines + second.Lines);
        Assert.Equal(0, third.Lines);
        LakeAssert.ExactlyOnce(dir["lake"], generated);
        // The second run numbered its lines on from where the first stopped: no line number twice.
        using var duck = new DuckLake(dir["lake"]);
        Assert.Equal(0, duck.Scalar<long>($"""
            SELECT count(*) - count(DISTINCT p) FROM (
              SELECT source_position AS p FROM {duck.Table(TableNames.Touchpoints)}
              UNION ALL SELECT source FROM {duck.Table(TableNames.Rejected)})
            """));
    }

    /// <summary>
    /// Two inputs that start with the same line but differ after it are two inputs; a last line without a newline that is
    /// not a valid event (a writer still writing it) is left unread, and read whole once the writer completed it, so no
    /// half of it is rejected and every byte is accounted for once.
    /// </summary>
    [Fact]
    public async Task RunAsync_SameFirstLineOtherContentAndAGrownUnterminatedLine_EveryLineAccountedFor()
    {
        using var dir = new TempFolder();
        Datasets.Write(dir["data"], Small);
        var lines = File.ReadLines(dir["data/events.ndjson"]).Take(40).ToList();
        File.WriteAllText(dir["in/a.ndjson"].Also(dir["in"]), string.Join('\n', lines.Take(20)) + "\n");
        File.WriteAllText(dir["in/b.ndjson"], string.Join('\n', lines.Take(1).Concat(lines.Skip(20))) + "\n");
        File.WriteAllText(dir["tail.ndjson"], string.Join('\n', lines.Skip(30).Take(5)) + "\n{\"event_id\":");

        var both = await LakeBuilder.IngestAsync(dir["lake"], [dir["in"]]);
        var cut = await LakeBuilder.IngestAsync(dir["lake"], [dir["tail.ndjson"]]);
        File.AppendAllText(dir["tail.ndjson"], "\"completed later\"}\n" + lines[^1] + "\n");
        var grown = await LakeBuilder.IngestAsync(dir["lake"], [dir["tail.ndjson"]]);

        Assert.Equal(20 + 21, both.Lines);
        Assert.Equal((5L, 1L), (cut.Lines, cut.HeldBack));
        Assert.Equal((2L, 0L), (grown.Lines, grown.HeldBack));
        Assert.True(both.IsReconciled && cut.IsReconciled && grown.IsReconciled);
        using var duck = new DuckLake(dir["lake"]);
        Assert.Equal(cut.Rejected + grown.Rejected, duck.Count(TableNames.Rejected, "file LIKE '%tail.ndjson'"));
        Assert.Equal(0, duck.Count(TableNames.Rejected, "file LIKE '%tail.ndjson' AND raw = '{\"event_id\":'"));
        Assert.Equal(1, duck.Count(TableNames.Rejected, "file LIKE '%tail.ndjson' AND line = 6 AND raw = '{\"event_id\":\"completed later\"}'"));
    }

    /// <summary>
    /// A file ingested while it is being written, cut in the middle of an event, then ingested again once complete: the
    /// event is in the lake once (it used to be lost, each half rejected by one run), and nothing else changes.
    /// </summary>
    [Fact]
    public async Task RunAsync_FileCutInTheMiddleOfAnEventThenCompleted_EveryLineExactlyOnce()
    {
        using var dir = new TempFolder();
        var generated = Datasets.Write(dir["data"], Small);
        var bytes = File.ReadAllBytes(dir["data/events.ndjson"]);
        var middle = LineBoundary(bytes, bytes.Count(b => b == (byte)'\n') / 2) + 40;
        File.WriteAllBytes(dir["growing.ndjson"], bytes[..middle]);

        var first = await LakeBuilder.IngestAsync(dir["lake"], [dir["growing.ndjson"]]);
        File.WriteAllBytes(dir["growing.ndjson"], bytes);
        var second = await LakeBuilder.IngestAsync(dir["lake"], [dir["growing.ndjson"]]);

        Assert.Equal(1, first.HeldBack);
        Assert.Equal(generated.Lines, first.Lines + second.Lines);
        LakeAssert.ExactlyOnce(dir["lake"], generated);
    }

    /// <summary>A valid last event with no newline is taken; when the file grows, reading it again is a redelivery, not a second row.</summary>
    [Fact]
    public async Task RunAsync_ValidLastLineWithoutNewlineThenMoreLines_TakenOnce()
    {
        using var dir = new TempFolder();
        Datasets.Write(dir["data"], Small);
        var parser = new EventParser();
        var lines = File.ReadLines(dir["data/events.ndjson"]).Where(l => parser.Parse(Encoding.UTF8.GetBytes(l)).Event is not null).Take(12).ToList();
        File.WriteAllText(dir["log.ndjson"], string.Join('\n', lines.Take(10)));

        var first = await LakeBuilder.IngestAsync(dir["lake"], [dir["log.ndjson"]]);
        File.AppendAllText(dir["log.ndjson"], "\n" + string.Join('\n', lines.Skip(10)) + "\n");
        var second = await LakeBuilder.IngestAsync(dir["lake"], [dir["log.ndjson"]]);

        using var duck = new DuckLake(dir["lake"]);
        var accepted = first.Accepted + second.Accepted;
        Assert.Equal((10L, 0L), (first.Lines, first.HeldBack));
        Assert.Equal(3, second.Lines);
        Assert.Equal(accepted, duck.Count(TableNames.Touchpoints));
        Assert.Equal(duck.Count(TableNames.Touchpoints), duck.Scalar<long>($"SELECT count(DISTINCT event_id) FROM {duck.Table(TableNames.Touchpoints)}"));
    }

    /// <summary>
    /// A valid last line with no newline that ends a block of lines exactly (blocks are as long as a commit may be): the
    /// next run, after the file grew, still numbers its lines on from the right place.
    /// </summary>
    [Fact]
    public async Task RunAsync_UnterminatedLastLineEndingABlock_NextRunNumbersLinesOn()
    {
        using var dir = new TempFolder();
        Datasets.Write(dir["data"], Small);
        var parser = new EventParser();
        var lines = File.ReadLines(dir["data/events.ndjson"]).Where(l => parser.Parse(Encoding.UTF8.GetBytes(l)).Event is not null)
            .DistinctBy(l => parser.Parse(Encoding.UTF8.GetBytes(l)).Event!.EventId).Take(12).ToList();
        File.WriteAllText(dir["log.ndjson"], string.Join('\n', lines.Take(10)));

        await LakeBuilder.IngestAsync(dir["lake"], [dir["log.ndjson"]], maxRowsPerCommit: 10);
        File.AppendAllText(dir["log.ndjson"], "\n" + string.Join('\n', lines.Skip(10)) + "\n");
        await LakeBuilder.IngestAsync(dir["lake"], [dir["log.ndjson"]], maxRowsPerCommit: 10);

        using var duck = new DuckLake(dir["lake"]);
        var positions = duck.Rows($"SELECT source_position FROM {duck.Table(TableNames.Touchpoints)}").Select(r => (string)r[0]!).ToList();
        Assert.Equal(Enumerable.Range(1, 12).Select(n => $":{n}").Order(), positions.Select(p => p[p.LastIndexOf(':')..]).Order());
    }

    /// <summary>
    /// A crash at disk operations spread over a whole ingest of several commits (the files, the commit points, the other
    /// tables, the snapshot tables, the identity checkpoint), then a plain re-run: the lake ends up as if nothing happened.
    /// With small encoding chunks the touchpoint files are written in the background while their batch is read, so the
    /// crash also lands in the middle of a file being encoded.
    /// </summary>
    [Theory]
    [InlineData(65_536)]
    [InlineData(1_024)]
    public async Task RunAsync_CrashAnywhereInAnIngest_RerunLosesAndDoublesNothing(int encodeChunkRows)
    {
        using var dir = new TempFolder();
        var generated = Datasets.Write(dir["data"], Small);
        var counting = new FaultInjectingFileSystem();
        var ingest = new IngestOptions { EncodeChunkRows = encodeChunkRows };
        await LakeBuilder.IngestAsync(dir["clean"], [dir["data/events.ndjson"]], maxRowsPerCommit: 3_000, fs: counting, ingest: ingest);
        var operations = counting.Operations;
        var clean = LakeAssert.IdentityTables(dir["clean"]);

        foreach (var crashAt in Enumerable.Range(0, 12).Select(i => 1 + (i * (operations - 1) / 11)))
        {
            var lake = dir[$"lake-{crashAt}"];
            await Assert.ThrowsAsync<SimulatedCrashException>(() =>
                LakeBuilder.IngestAsync(lake, [dir["data/events.ndjson"]], 3_000, fs: new FaultInjectingFileSystem { FailAt = crashAt }, ingest: ingest));
            var rerun = await LakeBuilder.IngestAsync(lake, [dir["data/events.ndjson"]], maxRowsPerCommit: 3_000, ingest: ingest);

            Assert.True(rerun.IsReconciled);
            LakeAssert.ExactlyOnce(lake, generated);
            Assert.Equal(clean, LakeAssert.IdentityTables(lake));
        }
    }

    /// <summary>
    /// A batch commits while the next one's lines are taken: the first batch's commit is held as it begins to write its
    /// touchpoint files until the ingest reports the block after the one that ended the batch (reports come on the taking
    /// thread after each block, the one that ended a batch once its commit has started). An ingest that takes no line
    /// while a commit runs never gets there.
    /// </summary>
    [Fact]
    public async Task RunAsync_BatchCommitting_NextBatchTakenMeanwhile()
    {
        using var dir = new TempFolder();
        var generated = Datasets.Write(dir["data"], Small);
        const int rowsPerCommit = 3_000;
        var reports = new List<IngestProgress>();
        bool NextBatchReported()
        {
            lock (reports)
            {
                // The first batch ends with the first block that brings its rows to the limit; the block after it is the next batch's.
                return reports.Count(r => r.Accepted + r.Rejected >= rowsPerCommit) >= 2;
            }
        }

        var held = 0;
        var fs = new FaultInjectingFileSystem();
        fs.BeforeStep = step =>
        {
            if (step.StartsWith("create", StringComparison.Ordinal) && step.Contains("part-0000000001", StringComparison.Ordinal) &&
                Interlocked.Exchange(ref held, 1) == 0 && !SpinWait.SpinUntil(NextBatchReported, TimeSpan.FromSeconds(30)))
            {
                throw new TimeoutException("the first batch's commit waited 30 s for the second batch's lines to be taken");
            }
        };

        var summary = await LakeBuilder.IngestAsync(dir["lake"], [dir["data/events.ndjson"]], maxRowsPerCommit: rowsPerCommit, fs: fs,
            ingest: new IngestOptions { EncodeChunkRows = 1_024 }, progress: new Recorder(reports));

        Assert.Equal(1, held);
        Assert.True(summary.Commits >= 2, $"{summary.Commits} commits");
        Assert.True(summary.IsReconciled);
        LakeAssert.ExactlyOnce(dir["lake"], generated);
    }

    /// <summary>
    /// An identity checkpoint due after a batch (every second one here) is of the engine as of that batch: it is written
    /// once the batch is committed and before any line of the next one is taken (no block of lines reported between the
    /// batch's commit and the checkpoint; the reports come on the taking thread, after each block).
    /// </summary>
    [Fact]
    public async Task RunAsync_CheckpointDueBetweenBatches_WrittenBeforeTheNextBatchIsTaken()
    {
        using var dir = new TempFolder();
        var generated = Datasets.Write(dir["data"], Small);
        var fs = new FaultInjectingFileSystem();
        var reports = new List<IngestProgress>();
        var checkpoints = new List<(long Batch, bool NextBatchBegun)>();
        var reportsAtCommit = 0;
        fs.BeforeStep = step =>
        {
            lock (reports)
            {
                if (step.StartsWith("publish", StringComparison.Ordinal) && step.Contains($"{TableNames.Touchpoints}/_delta_log", StringComparison.Ordinal))
                {
                    reportsAtCommit = reports.Count;
                }
                else if (step.StartsWith("publish", StringComparison.Ordinal) && Path.GetFileName(step) is var name && name.StartsWith("state-", StringComparison.Ordinal))
                {
                    checkpoints.Add((long.Parse(name.AsSpan(6, 20), CultureInfo.InvariantCulture), reports.Count > reportsAtCommit));
                }
            }
        };
        var options = new LakeOptions { Root = dir["lake"], MaxRowsPerCommit = 2_000, EngineCheckpointInterval = 2 };

        var summary = await LakeBuilder.IngestAsync(dir["lake"], [dir["data/events.ndjson"]], 2_000, fs, options: options,
            ingest: new IngestOptions { EncodeChunkRows = 1_024 }, progress: new Recorder(reports));

        Assert.True(summary.Commits >= 5, $"{summary.Commits} commits");
        Assert.Equal([(2, false), (4, false)], checkpoints.Where(c => c.Batch < summary.Commits).Take(2));
        Assert.True(summary.IsReconciled);
        LakeAssert.ExactlyOnce(dir["lake"], generated);
    }

    /// <summary>
    /// Cancelled while a batch commits in the background: the ingest ends only once that commit has, so a caller that
    /// then closes the lake, or starts another writer, finds no commit of this one still writing.
    /// </summary>
    [Fact]
    public async Task RunAsync_CancelledWhileABatchCommits_EndsAfterThatCommit()
    {
        using var dir = new TempFolder();
        Datasets.Write(dir["data"], Small);
        using var cancel = new CancellationTokenSource();
        using var released = new ManualResetEventSlim();
        var held = 0;
        var fs = new FaultInjectingFileSystem();
        fs.BeforeStep = step =>
        {
            if (step.StartsWith("publish", StringComparison.Ordinal) && step.Contains("_delta_log", StringComparison.Ordinal) &&
                Interlocked.Exchange(ref held, 1) == 0)
            {
                // The first batch's commit point: the ingest is cancelled, and this commit goes on a while after (long
                // enough for the thread pool, one thread short while this one sleeps, to run the cancelled ingest on).
                cancel.Cancel();
                Thread.Sleep(2_000);
                released.Set();
            }
        };
        var lake = LakeBuilder.Context(dir["lake"], fs, new LakeOptions { Root = dir["lake"], MaxRowsPerCommit = 3_000 });
        var ingestor = await LakeIngestor.OpenAsync(lake, new IdentityRules(), new IngestOptions(), WriterIdentity.New(),
            NullLogger.Instance, null, CancellationToken.None);
        var job = new FileIngestJob(ingestor, 3_000, new IngestOptions().MaxLineBytes, NullLogger.Instance);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            job.RunAsync(InputDiscovery.Find([dir["data/events.ndjson"]]), null, cancel.Token));
        var steps = fs.Operations;
        Assert.True(released.Wait(TimeSpan.FromSeconds(30)));
        await Task.Delay(300);

        Assert.Equal(steps, fs.Operations);
    }

    /// <summary>
    /// An input gone between its listing and its turn is reported as unreadable, like a corrupt one, and the others are
    /// ingested and committed (it ended the whole ingest, losing what the inputs before it had read).
    /// </summary>
    [Fact]
    public async Task RunAsync_InputGoneBeforeItsTurn_ReportedAndTheOthersIngested()
    {
        using var dir = new TempFolder();
        var generated = Datasets.Write(dir["data"], Small);
        File.WriteAllText(dir["data/vanishing.ndjson"], "{}\n");
        var inputs = InputDiscovery.Find([dir["data/events.ndjson"], dir["data/vanishing.ndjson"]]);
        File.Delete(dir["data/vanishing.ndjson"]);
        var lake = LakeBuilder.Context(dir["lake"]);
        var ingestor = await LakeIngestor.OpenAsync(lake, new IdentityRules(), new IngestOptions(), WriterIdentity.New(),
            NullLogger.Instance, null, CancellationToken.None);

        var summary = await new FileIngestJob(ingestor, 1_000_000, new IngestOptions().MaxLineBytes, NullLogger.Instance)
            .RunAsync(inputs, null, CancellationToken.None);

        var failure = Assert.Single(summary.Failed);
        Assert.Contains("vanishing.ndjson: unreadable:", failure, StringComparison.Ordinal);
        Assert.True(summary.IsReconciled);
        LakeAssert.ExactlyOnce(dir["lake"], generated);
    }

    /// <summary>
    /// An input gone after its turn began (its start looked up in the lake) but before it was opened for its lines: reported
    /// as unreadable, no position recorded for it, and the others ingested (the open's exception ended the whole ingest).
    /// </summary>
    [Fact]
    public async Task RunAsync_InputGoneBeforeItIsOpened_ReportedAndTheOthersIngested()
    {
        using var dir = new TempFolder();
        var generated = Datasets.Write(dir["data"], Small);
        File.WriteAllText(dir["data/vanishing.ndjson"], "{}\n");
        var inputs = InputDiscovery.Find([dir["data/vanishing.ndjson"], dir["data/events.ndjson"]]);
        var lake = LakeBuilder.Context(dir["lake"]);
        var ingestor = await LakeIngestor.OpenAsync(lake, new IdentityRules(), new IngestOptions(), WriterIdentity.New(),
            NullLogger.Instance, null, CancellationToken.None);
        var job = new FileIngestJob(ingestor, 1_000_000, new IngestOptions().MaxLineBytes, NullLogger.Instance)
        {
            OpenInput = (file, maxLineBytes) =>
            {
                if (file.Path.EndsWith("vanishing.ndjson", StringComparison.Ordinal))
                {
                    File.Delete(file.Path);
                }

                return LineReader.Open(file, maxLineBytes);
            },
        };

        var summary = await job.RunAsync(inputs, null, CancellationToken.None);

        var failure = Assert.Single(summary.Failed);
        Assert.Contains("vanishing.ndjson: unreadable:", failure, StringComparison.Ordinal);
        Assert.True(summary.IsReconciled);
        LakeAssert.ExactlyOnce(dir["lake"], generated);
        // events.ndjson's position only: none for the input that was never read.
        Assert.Single(ingestor.Progress.Inputs);
    }

    [Fact]
    public async Task RunAsync_CorruptGzip_KeepsWhatItReadAndGoesOnWithOtherFiles()
    {
        using var dir = new TempFolder();
        Datasets.Write(dir["data"], Small);
        var bytes = File.ReadAllBytes(dir["data/events.ndjson"]);
        using (var gz = new GZipStream(File.Create(dir["in/broken.ndjson.gz"].Also(Path.GetDirectoryName(dir["in/x"])!)), CompressionLevel.Fastest))
        {
            gz.Write(bytes);
        }

        var gzBytes = File.ReadAllBytes(dir["in/broken.ndjson.gz"]);
        gzBytes.AsSpan(gzBytes.Length / 2, 64).Fill(0x55);
        File.WriteAllBytes(dir["in/broken.ndjson.gz"], gzBytes);
        File.WriteAllLines(dir["in/good.ndjson"], File.ReadLines(dir["data/events.ndjson"]).Take(100));

        var summary = await LakeBuilder.IngestAsync(dir["lake"], [dir["in"]]);

        var failure = Assert.Single(summary.Failed);
        Assert.Contains("broken.ndjson.gz: unreadable after line", failure, StringComparison.Ordinal);
        Assert.True(summary.IsReconciled);
        Assert.True(summary.Lines >= 100);
    }

    /// <summary>The offset just after the <paramref name="lines"/>-th newline.</summary>
    private static int LineBoundary(byte[] bytes, int lines)
    {
        var cut = 0;
        for (var n = 0; n < lines; n++)
        {
            cut = Array.IndexOf(bytes, (byte)'\n', cut) + 1;
        }

        return cut;
    }

    private static async Task<string> VersionsAsync(string lake) => string.Join(",",
        (await LakeReader.ReadAsync(lake, CancellationToken.None)).Tables.Select(t => $"{t.Key}@{t.Value.Version}"));
}

internal sealed class Recorder(List<IngestProgress> into) : IProgress<IngestProgress>
{
    public void Report(IngestProgress value)
    {
        lock (into)
        {
            into.Add(value);
        }
    }
}

internal static class PathExtensions
{
    /// <summary>Creates the folder, returns the path (keeps test set-up on one line).</summary>
    public static string Also(this string path, string folder)
    {
        Directory.CreateDirectory(folder);
        return path;
    }
}
