using System.Diagnostics;
using Microsoft.Extensions.Logging;
using ProfileUnifier.Core.Archive;
using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Core.Identity.Snapshot;
using ProfileUnifier.Core.Privacy;
using ProfileUnifier.Core.Identity.Overrides;
using ProfileUnifier.Core.Validation;
using ProfileUnifier.Lake;
using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Groups;
using ProfileUnifier.Lake.Maintenance;
using ProfileUnifier.Lake.Privacy;
using ProfileUnifier.Lake.Snapshots;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Ingestion.Pipeline;

/// <summary>
/// The pipeline both <c>ingest</c> and <c>run</c> feed, line by line: contract check, redelivery filter, identity
/// engine, then a batch commit (touchpoints, rejected lines, merges and how far each input was read) through the
/// lake's group commit. The touchpoint rows are built behind the taking thread (<see cref="ChunkBuilder"/>). Whenever
/// <see cref="IngestOptions.EncodeChunkRows"/> touchpoints are unsealed, the largest source's chunk, with every chunk a
/// quarter its size or more, goes to the batch's Parquet encoder (<see cref="TouchpointFiles"/>: encoded into memory on
/// another core, its rows let go once encoded; a file per source at the commit), so most of a batch is encoded, and not
/// held as rows, by the time it is committed. The engine resolves once a batch, when it is sealed: the rows' resolution
/// columns are encoded then, beside the rest. The identity snapshot tables follow on their own cadence and the
/// engine's state is checkpointed every few batches, so neither a commit nor a start costs what the lake holds.
/// Not thread-safe, but for one thing: a batch sealed by <see cref="Seal"/> may be committed on another thread while the
/// next one is taken (a worker's and an ingest's overlap).
/// </summary>
public sealed class LakeIngestor
{
    /// <summary>Lines between one stage of <see cref="PrefetchAhead"/> and the next (4 and 8 were measured: 8 a little better).</summary>
    private const int PrefetchSpacing = 8;

    private readonly LakeContext _lake;
    private readonly GroupWriter _batches;
    private readonly SnapshotPublisher _snapshots;
    private readonly IdentityState _state;
    private readonly EventIntake _intake;
    private readonly int _maxLineBytes;
    private readonly ILogger _logger;
    private readonly int _chunkRows;
    private RejectedRows _rejected = new();

    // The batch's touchpoints not sealed yet, a chunk per source, so that each sealed chunk is one source's file (a chunk
    // of all sources would cut a small source's rows into files of a few hundred rows). The builder fills them; this
    // thread keeps their rows' engine handles (how many each source holds, and what the batch's capture needs; one a row).
    private readonly ChunkBuilder _chunks;
    private readonly List<int>[] _openSignatures = [.. EventSources.All.Select(_ => new List<int>())];

    // The signatures of the batch's sealed rows, each once: what its resolution is captured for at its end.
    private readonly HashSet<int> _sealedSignatures = [];
    private int _sealedRows, _openRows;
    private readonly Func<IdentifierKind, string, bool> _knownToEngine;
    private List<IdentityChange> _changes = [];
    private readonly SuppressionList _suppressions;
    private List<JobChange> _jobChanges = [];

    // The number of the batch being taken (its txn column, file names): the lake's last + 1, or the sealed one's + 1 while
    // that one is being committed.
    private long _building;

    // A batch sealed by CommitAsync whose commit failed: its retry commits it, not a new seal.
    private SealedBatch? _unfinished;

    // The touchpoints' schema for a commit (the open chunks are the taking thread's).
    private readonly TableBuffer _touchpointSchema = new TouchpointPartitions().Buffer;
    private long _lines, _accepted, _rejectedCount, _redeliveryCount, _suppressedCount, _pendingBytes, _checkpointed;
    private DateTimeOffset _published, _compacted, _vacuumed;

    private LakeIngestor(LakeContext lake, GroupWriter batches, SnapshotPublisher snapshots, IdentityState state, IngestOptions options,
        LakePrivacy privacy, ILogger logger)
    {
        _lake = lake;
        _batches = batches;
        _snapshots = snapshots;
        _state = state;
        // One delegate for the ingest: a method group passed per line would allocate one per line.
        _knownToEngine = (kind, value) => _state.Engine.Knows(kind, value);
        Privacy = privacy;
        _intake = new EventIntake(new EventParser(options.MaxLineBytes), state.Engine.Normalizer);
        _maxLineBytes = options.MaxLineBytes;
        _chunkRows = options.EncodeChunkRows;
        _chunks = new ChunkBuilder(state.Vault);
        _logger = logger;
        _checkpointed = state.Batch;
        _published = _compacted = _vacuumed = lake.Clock.GetUtcNow();
        Progress = LakeProgress.Of(batches.Leader.Snapshot);
        _building = Progress.Batch + 1;
        _suppressions = Progress.Suppressions.Count == 0
            ? SuppressionList.Empty
            : new SuppressionList(Progress.Suppressions, privacy.RequireHasher(
                $"the lake has erased people ({Progress.Suppressions.Count} identifiers kept out of it), so writing it"));
    }

    public LakeContext Lake => _lake;

    /// <summary>The lake's privacy settings (its key, whether it is pseudonymised).</summary>
    public LakePrivacy Privacy { get; }

    /// <summary>The identity state the batches go through (what <c>forget</c> looks a person up in).</summary>
    public IdentityState State => _state;

    /// <summary>The batch tables' writer (what <c>forget</c> commits its erasure through).</summary>
    internal GroupWriter Batches => _batches;

    internal SnapshotPublisher Snapshots => _snapshots;

    /// <summary>How the lake stores a normalised identifier: as it is, or its token in a pseudonymised lake.</summary>
    public string StoredForm(IdentifierKind kind, string value) => _state.Vault?.Hasher.Pseudonym(kind, value) ?? value;

    /// <summary>Notes an erasure this process committed through <see cref="Batches"/>: the identity state is stale from here on.</summary>
    internal void Erased(long batch)
    {
        Progress = LakeProgress.Of(_batches.Leader.Snapshot);
        _state.Committed(batch);
        _building = Progress.Batch + 1;
    }

    /// <summary>What the lake has committed: the batch number, running totals, input positions.</summary>
    public LakeProgress Progress { get; private set; }

    /// <summary>Accepted or rejected lines waiting for the next commit.</summary>
    public int Pending => PendingAccepted + _rejected.Rows;

    public int PendingAccepted => _sealedRows + _openRows;

    /// <summary>Merges, splits or job changes waiting for a commit without any line (a change of the overrides makes them).</summary>
    public bool HasPendingChanges => _changes.Count > 0 || _jobChanges.Count > 0;

    /// <summary>Bytes of the lines taken since the last commit (a bound on the batch's memory).</summary>
    public long PendingBytes => _pendingBytes;

    public EngineStatistics Statistics => _state.Engine.Statistics();

    /// <summary>
    /// Opens the lake for writing batches: finishes a batch a crash left half committed, then takes the identity
    /// state over from <paramref name="warm"/> (a standby's, unless an erasure made it stale) or loads it (checkpoint,
    /// then the batches after it), and finishes an erasure a crash interrupted (<see cref="Erasure.ErasureFinisher"/>).
    /// </summary>
    public static async Task<LakeIngestor> OpenAsync(LakeContext lake, IdentityRules rules, IngestOptions options, WriterIdentity writer,
        ILogger logger, IProgress<long>? replayProgress, CancellationToken ct, IdentityState? warm = null, PrivacyOptions? privacy = null)
    {
        var settings = LakePrivacy.Open(lake, privacy ?? new PrivacyOptions());
        settings.RequireMode((privacy ?? new PrivacyOptions()).Pseudonymise, LakePrivacy.HasData(lake));
        var batches = await GroupWriter.OpenAsync(TableGroup.Batch, lake.Root, lake.Fs, lake.Options, lake.Clock, writer, ct);
        // A standby's state read the lake through its own vault; a state made without one (the lake was new) is not reused.
        var vault = settings.Pseudonymised ? warm?.Vault ?? await settings.OpenVaultAsync(ct) : null;
        var snapshots = await SnapshotPublisher.OpenAsync(lake, ct, vault);
        var state = warm is not null && warm.Vault == vault && await warm.CatchUpAsync(batches.Leader.Snapshot, ct) ? warm : null;
        if (state is null)
        {
            // A standby's state made stale by an erasure (or made without the vault) is let go.
            warm?.Dispose();
            state = await IdentityState.LoadAsync(lake, batches.Leader.Snapshot, rules, logger, replayProgress, ct, vault);
        }
        var ingestor = new LakeIngestor(lake, batches, snapshots, state, options, settings, logger);
        await Erasure.ErasureFinisher.FinishAsync(ingestor, logger, ct);
        // The state is under the overrides the lake was resolved under; today's are applied over all of history.
        ingestor.ApplyOverrides(IdentityOverrides.Parse(rules.Overrides, state.Engine.Normalizer));
        return ingestor;
    }

    /// <summary>
    /// Puts the configured overrides in force over all history; the merges and splits that makes go into the next
    /// commit with reason "override".
    /// </summary>
    private void ApplyOverrides(IdentityOverrides configured)
    {
        var engine = _state.Engine;
        var before = engine.Overrides;
        if (before.Rules.SequenceEqual(configured.Rules))
        {
            return;
        }

        engine.ApplyOverrides(configured);
        ResolveEngine();
        _logger.LogInformation("Identity overrides changed ({Before} rules before, {After} now): {Changes} merges/splits to log",
            before.Rules.Count, configured.Rules.Count, _changes.Count);
    }

    /// <summary>Takes one line in. Rejections are kept for the rejected table; nothing is written until a commit.</summary>
    public LineOutcome Offer(ReadOnlySpan<byte> line, long fullLength, SourcePosition position) =>
        Take(Check(line, fullLength), line, position);

    /// <summary>
    /// The contract check and normalisation of a line, the part of <see cref="Offer"/> that touches no state of
    /// the batch: blocks of lines are checked on several threads at once (it reads only the identity rules) ahead of
    /// <see cref="Take(in CheckedLine, SourcePosition)"/>, which takes them in line order.
    /// </summary>
    public CheckedLine Check(ReadOnlySpan<byte> line, long fullLength)
    {
        KeyHashes hashes = default;
        var result = fullLength > _maxLineBytes
            ? new IntakeResult(null, null, new Rejection(RejectionCode.LineTooLong, "", $"line is {fullLength} bytes; the limit is {_maxLineBytes}"))
            : _intake.Read(line, out hashes);
        // A rejected line keeps what the rejected table shows of it (not the whole of a 200 kB line); an accepted one
        // needs only its length.
        return result.IsAccepted
            ? new CheckedLine(result, line.Length, IdHash.Of(result.Event!.EventIdUtf8.Span), hashes)
            : new CheckedLine(result, line.Length, line[..Math.Min(line.Length, RejectedRows.RawBytesKept)].ToArray(), default);
    }

    /// <summary>
    /// Before <see cref="Take(in CheckedLine, SourcePosition)"/> of <c>lines[next]</c>: asks for the memory the lines after
    /// it will need in the redelivery filter and the identity engine (<see cref="IdentityEngine.Prefetch"/>), each stage
    /// for the line <see cref="PrefetchSpacing"/> lines ahead of the next stage's. Taking a line waited for memory at each
    /// random read of a table of megabytes (the signature's slot and row, the Bloom filter's block, the recent ids' slot):
    /// with the hints, the samples in taking lines fell 13-26 % in warm 5M-line ingests (two pairs of runs).
    /// </summary>
    public void PrefetchAhead(ReadOnlySpan<CheckedLine> lines, int next)
    {
        for (var stage = 0; stage < IdentityEngine.PrefetchStages; stage++)
        {
            var ahead = next + ((IdentityEngine.PrefetchStages - stage) * PrefetchSpacing);
            if (ahead < lines.Length)
            {
                ref readonly var line = ref lines[ahead];
                if (line.Result.IsAccepted)
                {
                    _state.Redeliveries.Prefetch(line.EventIdHash, stage);
                    _state.Engine.Prefetch(in line.Hashes, stage);
                }
            }
        }
    }

    /// <summary>Takes in a line checked by <see cref="Check"/>: redelivery filter, identity engine, the batch's rows.</summary>
    public LineOutcome Take(in CheckedLine line, SourcePosition position) => Take(in line, line.Raw, position);

    private LineOutcome Take(in CheckedLine line, ReadOnlySpan<byte> raw, SourcePosition position)
    {
        _lines++;
        _pendingBytes += line.Length;
        var result = line.Result;
        if (!result.IsAccepted)
        {
            LastRejection = result.Rejection!;
            _rejected.Add(result.Rejection!, position, raw, line.Length, _lake.Clock.GetUtcNow().UtcDateTime, _building, _state.Vault);
            _rejectedCount++;
            return LineOutcome.Rejected;
        }

        var e = result.Event!;
        if (_suppressions.Covers(result.Keys!, _knownToEngine))
        {
            _suppressedCount++;
            return LineOutcome.Suppressed;
        }

        if (!_state.Redeliveries.TryAccept(line.EventIdHash))
        {
            _redeliveryCount++;
            return LineOutcome.Redelivery;
        }

        var signature = _state.Engine.Observe(e, result.Keys!, in line.Hashes);
        _chunks.Add(e, result.Keys!, signature, position, _building);
        _openSignatures[(int)e.Source].Add(signature);
        _openRows++;
        _accepted++;
        if (_openRows >= _chunkRows)
        {
            SealLargeChunks();
        }

        return LineOutcome.Accepted;
    }

    /// <summary>
    /// Hands a source's open chunk to the batch's encoder. Its rows get the profile and account the engine gives them at
    /// the batch's end (as of ingestion: the batch's resolve, <see cref="Seal"/>), and that time as their ingestion time.
    /// </summary>
    private void SealChunk(EventSource source)
    {
        var signatures = _openSignatures[(int)source];
        var rows = signatures.Count;
        if (rows == 0)
        {
            return;
        }

        _chunks.Seal(source, _batches.Leader, _building);
        _sealedSignatures.UnionWith(signatures);
        signatures.Clear();
        _sealedRows += rows;
        _openRows -= rows;
    }

    /// <summary>
    /// Seals the largest source's chunk and every chunk at least a quarter its size: fewer chunks than one per source each
    /// time (the middle sources' are smaller; a source's chunks are joined into one file at the commit).
    /// </summary>
    private void SealLargeChunks()
    {
        var quarter = _openSignatures[(int)LargestOpenChunk()].Count / 4;
        foreach (var source in EventSources.All)
        {
            if (_openSignatures[(int)source].Count >= quarter)
            {
                SealChunk(source);
            }
        }
    }

    /// <summary>The source with the most rows not sealed yet (sealing it keeps them under a chunk, whatever the mix of sources).</summary>
    private EventSource LargestOpenChunk()
    {
        var largest = 0;
        for (var i = 1; i < _openSignatures.Length; i++)
        {
            if (_openSignatures[i].Count > _openSignatures[largest].Count)
            {
                largest = i;
            }
        }

        return EventSources.All[largest];
    }

    /// <summary>Resolves what the engine observed since it last did, keeping the merges, splits and job changes it found.</summary>
    private void ResolveEngine()
    {
        _changes.AddRange(_state.Engine.Resolve());
        _jobChanges.AddRange(_state.Engine.JobChanges);
    }

    /// <summary>
    /// Records that messages <paramref name="from"/>..<paramref name="to"/> (exclusive) of a partition were deleted by
    /// the broker before they were read: one <c>retention_gap</c> row in <c>rejected</c>, counted as one line.
    /// </summary>
    public void RecordRetentionGap(string topic, int partition, long from, long to)
    {
        var rejection = new Rejection(RejectionCode.RetentionGap, "",
            $"offsets {from}..{to - 1} of {topic}[{partition}] ({to - from} messages) were deleted by the broker's retention before they were read");
        _lines++;
        _rejected.Add(rejection, SourcePosition.InKafka(topic, partition, from), System.Text.Encoding.UTF8.GetBytes(rejection.Reason),
            _lake.Clock.GetUtcNow().UtcDateTime, _building, _state.Vault);
        _rejectedCount++;
    }

    /// <summary>Why the last line offered was rejected (valid right after <see cref="Offer"/> or <c>Take</c> returned Rejected).</summary>
    public Rejection? LastRejection { get; private set; }

    /// <summary>
    /// Resolves the batch and commits it with the positions reached (<see cref="Seal"/>, then
    /// <see cref="CommitAsync(SealedBatch, CancellationToken)"/>), then does the housekeeping <paramref name="after"/> says.
    /// Safe to call again after a failure (a full disk, say): the batch sealed stays pending until it is in (lines taken
    /// since go into the next one), and a failure after the commit point is finished, not repeated. After a
    /// <see cref="Lake.Commit.LakeConflictException"/> this writer is fenced off: discard it.
    /// </summary>
    public async Task<BatchResult> CommitAsync(IEnumerable<InputPosition> inputs, IEnumerable<KafkaPosition> kafka, CancellationToken ct,
        Maintenance after = Maintenance.WhenDue)
    {
        _unfinished ??= Seal(inputs, kafka);
        var result = await CommitAsync(_unfinished, ct);
        _unfinished = null;
        await MaintainAsync(after, ct);
        return result;
    }

    /// <summary>
    /// Ends the batch being taken: seals every source's chunk, resolves, and moves all the batch owns (files being encoded,
    /// rejected rows, merges, job changes, tokens, counts) with the positions reached into a <see cref="SealedBatch"/>; the
    /// next line starts the next batch. On the taking thread, and only once the batch sealed before is committed (its
    /// number is the next one's - 1).
    /// </summary>
    public SealedBatch Seal(IEnumerable<InputPosition> inputs, IEnumerable<KafkaPosition> kafka)
    {
        var watch = Stopwatch.StartNew();
        foreach (var source in EventSources.All)
        {
            SealChunk(source);
        }

        ResolveEngine();
        var now = _lake.Clock.GetUtcNow().UtcDateTime;
        // On this thread, before the next line changes the engine: the encoders make the ids from it.
        var captured = CapturedResolutions.Capture(_sealedSignatures, _state.Engine.Capture);
        _sealedSignatures.Clear();
        var merges = new MergesRows();
        // A reason quotes identifiers ("email … is shared"): a pseudonymised lake gets their tokens.
        merges.AddRange(_state.Vault is { } hasher ? _changes.Select(c => c with { Reason = SnapshotPseudonyms.Text(c.Reason, hasher.Hasher) }) : _changes, now, _building);
        var jobChanges = new JobChangesRows();
        jobChanges.AddRange(_jobChanges, now, _building);
        var batch = new SealedBatch(_building, _chunks.EndBatch(captured, now), _rejected, merges, jobChanges,
            new BatchCounts(_lines, _accepted, _rejectedCount, _redeliveryCount, _suppressedCount),
            _state.Vault?.SealPending(), [.. inputs], [.. kafka], watch.ElapsedMilliseconds);
        _building++;
        _rejected = new RejectedRows();
        _changes = [];
        _jobChanges = [];
        _sealedRows = _openRows = 0;
        _lines = _accepted = _rejectedCount = _redeliveryCount = _suppressedCount = _pendingBytes = 0;
        return batch;
    }

    /// <summary>
    /// Commits a sealed batch: completes its touchpoint files, writes its tokens ahead to the vault, then the group commit.
    /// Touches nothing of the batch being taken or of the engine, so it may run on another thread while the next batch is
    /// taken (not beside another commit, nor <see cref="MaintainAsync"/>). Safe to call again after a failure, as
    /// <see cref="CommitAsync(IEnumerable{InputPosition}, IEnumerable{KafkaPosition}, CancellationToken, Maintenance)"/>.
    /// </summary>
    public async Task<BatchResult> CommitAsync(SealedBatch batch, CancellationToken ct)
    {
        if (batch.Result is { } done)
        {
            return done;
        }

        var watch = Stopwatch.StartNew();
        // A failure leaves what is not done as it is: the next try encodes the chunks that failed and writes the files not
        // written (the failed ones stay unnamed temporary files for vacuum); once all are complete a retry reuses them.
        var files = await batch.Files;
        batch.Written ??= files is null ? [] : await files.CompleteAsync(ct);
        var encoded = watch.ElapsedMilliseconds;
        var commit = new GroupCommit
        {
            Operation = "STREAMING UPDATE",
            Leader = new TableChange
            {
                Schema = _touchpointSchema,
                PartitionColumns = TouchpointPartitions.PartitionColumns,
                Written = [.. batch.Written],
            },
            Members =
            {
                [TableNames.Rejected] = Appended(batch.Rejected),
                [TableNames.Merges] = Appended(batch.Merges),
                [TableNames.JobChanges] = Appended(batch.JobChanges),
            },
            Progress = [.. LakeProgress.Actions(Progress.Totals.Add(batch.Counts), batch.Inputs, batch.Kafka, _lake.Clock.GetUtcNow().ToUnixTimeMilliseconds())],
            Counts = batch.Counts,
        };
        if (_state.Vault is { } vault)
        {
            // Ahead of the commit that names the tokens (IdentifierVault: a replay must find every one).
            await vault.FlushAsync(batch.Number, batch.Tokens!, ct);
        }

        var committed = await _batches.CommitAsync(commit, ct);
        _state.Committed(committed);
        Progress = LakeProgress.Of(_batches.Leader.Snapshot);
        var counts = batch.Counts;
        _logger.LogInformation(
            "Committed batch {Batch}: {Accepted} accepted, {Rejected} rejected, {Redeliveries} redeliveries, {Suppressed} suppressed, {Changes} merges/splits, {JobChanges} job changes; resolve {Resolve} ms, finish encoding {Encode} ms, commit {Commit} ms",
            committed, counts.Accepted, counts.Rejected, counts.Redeliveries, counts.Suppressed, batch.Merges.Rows, batch.JobChanges.Rows, batch.ResolveMs,
            encoded, watch.ElapsedMilliseconds - encoded);
        batch.Result = new BatchResult(committed, counts, watch.Elapsed + TimeSpan.FromMilliseconds(batch.ResolveMs));
        if (files is not null)
        {
            await files.DisposeAsync();
        }

        return batch.Result;
    }

    /// <summary>
    /// The housekeeping of a batch writer: publish the snapshot tables, checkpoint the identity state, compact the small
    /// files of the batch tables, vacuum — each when its cadence says (<see cref="Maintenance.WhenDue"/>), or the first
    /// three now at the end of an ingest (<see cref="Maintenance.Finish"/>), or the first two on a worker's shutdown
    /// (<see cref="Maintenance.Shutdown"/>: what the next start and every reader need, and quick), or only the
    /// checkpoint on its cadence between the batches of an ingest (<see cref="Maintenance.CheckpointWhenDue"/>).
    /// </summary>
    public async Task MaintainAsync(Maintenance mode, CancellationToken ct)
    {
        var force = mode is Maintenance.Shutdown or Maintenance.Finish;
        var batch = Progress.Batch;
        var now = _lake.Clock.GetUtcNow();
        // The three write different tables and run side by side: on two cores the end of an ingest took their sum (1.3 s of
        // a 1M-line ingest, 6.7 s of a 5M-line one). Nothing takes lines meanwhile (callers await this), so the engine only
        // changes when the checkpoint moves it onto its new runs, which waits for the snapshot to be built from it: the
        // build (2.6 s at 5M lines) and the checkpoint's writing read it side by side.
        var work = new List<Task>();
        if (mode == Maintenance.Finish || (mode == Maintenance.WhenDue && CompactionDue(now)))
        {
            work.Add(Task.Run(() => CompactAsync(ct), ct));
        }

        Task<IdentitySnapshot>? snapshot = null;
        if (mode != Maintenance.CheckpointWhenDue && (force ? batch > _snapshots.Batch : SnapshotDue(batch, now)))
        {
            var watch = Stopwatch.StartNew();
            snapshot = Task.Run(_state.Engine.Snapshot, ct);
            work.Add(PublishAsync(snapshot, batch, watch, ct));
        }

        if (force ? batch > _checkpointed : CheckpointDue(batch))
        {
            work.Add(Task.Run(() => CheckpointAsync(batch, snapshot, ct), ct));
        }

        await Task.WhenAll(work);

        // After the others: vacuum must not run beside a writer of files it has not committed yet.
        if (mode == Maintenance.WhenDue && VacuumDue(now))
        {
            var result = await new LakeVacuum(_lake).RunAsync(_lake.Options.VacuumRetention, dryRun: false, ct);
            _vacuumed = _lake.Clock.GetUtcNow();
            _logger.LogInformation("Vacuum removed {Files} files ({Bytes:N0} bytes) unneeded for {Retention}", result.Files, result.Bytes,
                _lake.Options.VacuumRetention);
        }
    }

    private async Task CompactAsync(CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var compactor = new TableCompactor(_lake);
        var done = new List<CompactionResult>();
        foreach (var table in TableGroup.Batch.Tables)
        {
            done.Add(await compactor.CompactAsync(table, ct));
        }

        _compacted = _lake.Clock.GetUtcNow();
        if (done.Sum(d => d.FilesRemoved) > 0)
        {
            _logger.LogInformation("Compacted {Removed} small files into {Added} in {Elapsed} ms", done.Sum(d => d.FilesRemoved),
                done.Sum(d => d.FilesAdded), watch.ElapsedMilliseconds);
        }

        // The writer's tables moved on (compaction commits): its next batch commit takes the version after them.
        await _batches.RefreshAsync(ct);
    }

    private async Task PublishAsync(Task<IdentitySnapshot> snapshot, long batch, Stopwatch watch, CancellationToken ct)
    {
        var refreshed = await _snapshots.PublishAsync(await snapshot, batch, ct);
        _published = _lake.Clock.GetUtcNow();
        _logger.LogInformation("Snapshot tables at batch {Batch}: {Buckets} buckets rewritten ({Bytes:N0} bytes) in {Elapsed} ms",
            batch, refreshed.Sum(r => r.BucketsWritten), refreshed.Sum(r => r.Bytes), watch.ElapsedMilliseconds);
    }

    private async Task CheckpointAsync(long batch, Task? otherReaders, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        await _state.SaveAsync(_lake, ct, otherReaders);
        _checkpointed = batch;
        _logger.LogInformation("Identity state checkpointed at batch {Batch} in {Elapsed} ms", batch, watch.ElapsedMilliseconds);
    }

    /// <summary>
    /// Whether <see cref="MaintainAsync"/> with <paramref name="mode"/>, a cadence (<see cref="Maintenance.WhenDue"/>, a
    /// worker's, or <see cref="Maintenance.CheckpointWhenDue"/>, an ingest's), would do anything once batch
    /// <paramref name="batch"/> is committed: the snapshot tables and the checkpoint must be of the engine as of that batch,
    /// so no line of the next batch is taken meanwhile.
    /// </summary>
    public bool MaintenanceDue(long batch, Maintenance mode = Maintenance.WhenDue)
    {
        var now = _lake.Clock.GetUtcNow();
        return mode switch
        {
            Maintenance.WhenDue => CompactionDue(now) || VacuumDue(now) || SnapshotDue(batch, now) || CheckpointDue(batch),
            Maintenance.CheckpointWhenDue => CheckpointDue(batch),
            _ => true,
        };
    }

    private bool CompactionDue(DateTimeOffset now) =>
        _lake.Options.CompactionInterval > TimeSpan.Zero && now - _compacted >= _lake.Options.CompactionInterval;

    private bool VacuumDue(DateTimeOffset now) => _lake.Options.VacuumInterval > TimeSpan.Zero && now - _vacuumed >= _lake.Options.VacuumInterval;

    private bool SnapshotDue(long batch, DateTimeOffset now) => batch > _snapshots.Batch && now - _published >= _lake.Options.SnapshotInterval;

    private bool CheckpointDue(long batch) => batch > _checkpointed && batch - _checkpointed >= _lake.Options.EngineCheckpointInterval;

    private static TableChange Appended(TableBuffer rows) => new()
    {
        Schema = rows,
        Files = rows.Rows > 0 ? [FileSlice.Unpartitioned(rows.All)] : [],
    };
}

/// <summary>Which housekeeping <see cref="LakeIngestor.MaintainAsync"/> does.</summary>
public enum Maintenance
{
    /// <summary>Each task when its cadence says (after every commit).</summary>
    WhenDue,

    /// <summary>Snapshot tables and identity checkpoint now (a worker stopping).</summary>
    Shutdown,

    /// <summary>Snapshot tables, identity checkpoint and compaction now (an ingest done).</summary>
    Finish,

    /// <summary>
    /// Only the identity checkpoint, when its cadence says (between the batches of an ingest: it bounds what a rerun after
    /// a crash replays; the snapshot tables and compaction wait for <see cref="Finish"/>, which does them once).
    /// </summary>
    CheckpointWhenDue,
}

/// <summary>A committed batch: its number, what it held, how long the commit took.</summary>
public sealed record BatchResult(long Batch, BatchCounts Counts, TimeSpan Elapsed);
