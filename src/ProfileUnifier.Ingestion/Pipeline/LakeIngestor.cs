using System.Diagnostics;
using Microsoft.Extensions.Logging;
using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Core.Identity.Overrides;
using ProfileUnifier.Core.Validation;
using ProfileUnifier.Lake;
using ProfileUnifier.Lake.Commit;
using ProfileUnifier.Lake.Reading;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Ingestion.Pipeline;

/// <summary>
/// The pipeline both <c>ingest</c> and <c>run</c> feed, line by line: contract check, redelivery filter,
/// identity engine, then a commit that writes every table of the batch in one lake transaction together
/// with how far each input was read. Its state is rebuilt from the lake on open, so a crash anywhere
/// loses nothing and doubles nothing. Not thread-safe.
/// </summary>
public sealed class LakeIngestor
{
    private readonly LakeStore _lake;
    private readonly IdentityEngine _engine;
    private readonly EventIntake _intake;
    private readonly RedeliveryFilter _redeliveries = new();
    private readonly int _maxLineBytes;
    private readonly ILogger _logger;
    private readonly TouchpointPartitions _touchpoints = new();
    private readonly RejectedRows _rejected = new();
    private readonly List<IdentityChange> _changes = [];
    private readonly List<JobChange> _jobChanges = [];
    private long _lines, _accepted, _rejectedCount, _redeliveryCount, _pendingBytes;

    private LakeIngestor(LakeStore lake, IdentityRules rules, IdentityOverrides? lakeOverrides, IngestOptions options, ILogger logger)
    {
        _lake = lake;
        _engine = new IdentityEngine(rules, lakeOverrides);
        _intake = new EventIntake(new EventParser(options.MaxLineBytes), _engine.Normalizer);
        _maxLineBytes = options.MaxLineBytes;
        _logger = logger;
    }

    public LakeStore Lake => _lake;

    /// <summary>Accepted or rejected lines waiting for the next commit.</summary>
    public int Pending => _touchpoints.Rows + _rejected.Rows;

    public int PendingAccepted => _touchpoints.Rows;

    /// <summary>Merges, splits or job changes waiting for a commit without any line (a change of the overrides makes them).</summary>
    public bool HasPendingChanges => _changes.Count > 0 || _jobChanges.Count > 0;

    /// <summary>Bytes of the lines taken since the last commit (a bound on the batch's memory).</summary>
    public long PendingBytes => _pendingBytes;

    public EngineStatistics Statistics => _engine.Statistics();

    public static async Task<LakeIngestor> OpenAsync(LakeStore lake, IdentityRules rules, IngestOptions options, ILogger logger,
        IProgress<long>? replayProgress, CancellationToken ct)
    {
        // The lake's resolution is under the overrides it recorded: replay under those, then apply today's.
        var recorded = await IdentityOverridesReader.ReadAsync(lake.Root, ct);
        var ingestor = new LakeIngestor(lake, rules, recorded, options, logger);
        await ingestor.ReplayAsync(replayProgress, ct);
        ingestor.ApplyOverrides(IdentityOverrides.Parse(rules.Overrides, ingestor._engine.Normalizer));
        return ingestor;
    }

    /// <summary>
    /// Puts the configured overrides in force over all history; the merges and splits that makes go into the next
    /// commit with reason "override".
    /// </summary>
    private void ApplyOverrides(IdentityOverrides configured)
    {
        var before = _engine.Overrides;
        if (before.Rules.SequenceEqual(configured.Rules))
        {
            return;
        }

        _engine.ApplyOverrides(configured);
        _changes.AddRange(_engine.Resolve());
        _jobChanges.AddRange(_engine.JobChanges);
        _logger.LogInformation("Identity overrides changed ({Before} rules before, {After} now): {Changes} merges/splits to log",
            before.Rules.Count, configured.Rules.Count, _changes.Count);
    }

    /// <summary>Rebuilds the engine and the redelivery filter from the committed touchpoints.</summary>
    private async Task ReplayAsync(IProgress<long>? progress, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var events = await LakeReplay.ReadAsync(_lake.Root, _lake.State, _engine.Normalizer, (e, keys) =>
        {
            if (!_redeliveries.TryAccept(e.EventId))
            {
                throw new InvalidDataException($"event {e.EventId} is in the lake twice");
            }

            if (!keys.IsEmpty)
            {
                _engine.Observe(e, keys);
            }
        }, progress, ct);
        _engine.Resolve(logChanges: false);
        if (events > 0)
        {
            _logger.LogInformation("Rebuilt identity state from {Events} committed events in {Elapsed} ms", events, watch.ElapsedMilliseconds);
        }
    }

    /// <summary>Takes one line in. Rejections are kept for the rejected table; nothing is written until a commit.</summary>
    public LineOutcome Offer(ReadOnlySpan<byte> line, long fullLength, SourcePosition position) =>
        Take(Check(line, fullLength), line, position);

    /// <summary>
    /// The contract check and normalisation of a line, the part of <see cref="Offer"/> that touches no state of
    /// the batch: a reader thread runs it ahead of <see cref="Take(CheckedLine, SourcePosition)"/>, in line order.
    /// Not to be called from two threads at once.
    /// </summary>
    public CheckedLine Check(ReadOnlySpan<byte> line, long fullLength)
    {
        var result = fullLength > _maxLineBytes
            ? new IntakeResult(null, null, new Rejection(RejectionCode.LineTooLong, "", $"line is {fullLength} bytes; the limit is {_maxLineBytes}"))
            : _intake.Read(line);
        // A rejected line keeps its bytes for the rejected table; an accepted one needs only its length.
        return new CheckedLine(result, line.Length, result.IsAccepted ? null : line.ToArray());
    }

    /// <summary>Takes in a line checked by <see cref="Check"/>: redelivery filter, identity engine, the batch's rows.</summary>
    public LineOutcome Take(CheckedLine line, SourcePosition position) => Take(line, line.Raw, position);

    private LineOutcome Take(CheckedLine line, ReadOnlySpan<byte> raw, SourcePosition position)
    {
        _lines++;
        _pendingBytes += line.Length;
        var result = line.Result;
        if (!result.IsAccepted)
        {
            Reject(result.Rejection!, position, raw);
            return LineOutcome.Rejected;
        }

        var e = result.Event!;
        if (!_redeliveries.TryAccept(e.EventId))
        {
            _redeliveryCount++;
            return LineOutcome.Redelivery;
        }

        var signature = _engine.Observe(e, result.Keys!);
        _touchpoints.Add(e, result.Keys!, signature, position.ToString(), _lake.State.LastTxn + 1);
        _accepted++;
        return LineOutcome.Accepted;
    }

    /// <summary>Why the last line offered was rejected (valid right after <see cref="Offer"/> returned Rejected).</summary>
    public Rejection? LastRejection { get; private set; }

    private void Reject(Rejection rejection, SourcePosition position, ReadOnlySpan<byte> line)
    {
        LastRejection = rejection;
        _rejected.Add(rejection, position, line, DateTime.UtcNow, _lake.State.LastTxn + 1);
        _rejectedCount++;
    }

    /// <summary>
    /// Resolves the batch and writes it as one transaction, with the positions reached; returns the entry.
    /// Safe to call again after a failure (a full disk, say): the batch stays pending until it is committed.
    /// After a <see cref="LakeConflictException"/> this writer is fenced off and must be discarded.
    /// </summary>
    public async Task<CommitEntry> CommitAsync(IEnumerable<InputPosition> inputs, IEnumerable<KafkaPosition> kafka, CancellationToken ct)
    {
        if (_lake.Unapplied is { } committed)
        {
            // The last attempt got as far as the commit point: this batch is in; finish putting its files in place.
            await _lake.CompleteAsync(ct);
            ClearBatch();
            return committed;
        }

        var watch = Stopwatch.StartNew();
        _changes.AddRange(_engine.Resolve());
        _jobChanges.AddRange(_engine.JobChanges);
        var changes = _changes;
        var now = DateTime.UtcNow;
        _touchpoints.Resolve(_engine.Resolution, now);
        var resolved = watch.ElapsedMilliseconds;
        var txn = _lake.Begin();
        try
        {
            // One batch for every file of the transaction: the snapshot tables encode on both cores alongside the partitions.
            var files = _touchpoints.Partitions()
                .Select((p, i) => (TableNames.Touchpoints, $"{TableNames.Touchpoints}/{p.Folder}/part-{txn.Txn:D10}-{i:D5}.parquet", p.Rows))
                .ToList();
            if (_rejected.Rows > 0)
            {
                files.Add((TableNames.Rejected, $"{TableNames.Rejected}/part-{txn.Txn:D10}.parquet", _rejected.All));
            }

            if (changes.Count > 0)
            {
                var merges = new MergesRows();
                merges.AddRange(changes, now, txn.Txn);
                files.Add((TableNames.Merges, $"{TableNames.Merges}/part-{txn.Txn:D10}.parquet", merges.All));
            }

            StageJobChanges(files, now, txn.Txn);
            if (_touchpoints.Rows > 0 || _lake.State.LastTxn == 0 || changes.Count > 0)
            {
                files.AddRange(SnapshotTables.Files(_engine.Snapshot()));
            }

            await txn.StageManyAsync(files, ct);

            txn.Inputs.AddRange(inputs);
            txn.Kafka.AddRange(kafka);
            txn.Counts = new CommitCounts(_lines, _accepted, _rejectedCount, _redeliveryCount);
            var staged = watch.ElapsedMilliseconds;
            var entry = await txn.CommitAsync(ct);

            _logger.LogInformation(
                "Committed transaction {Txn}: {Accepted} accepted, {Rejected} rejected, {Redeliveries} redeliveries, {Changes} merges/splits, {Files} files; resolve {Resolve} ms, write {Write} ms, commit {Commit} ms",
                entry.Txn, _accepted, _rejectedCount, _redeliveryCount, changes.Count, entry.Files.Count, resolved, staged - resolved, watch.ElapsedMilliseconds - staged);
            ClearBatch();
            return entry;
        }
        catch
        {
            txn.Abort();
            throw;
        }
    }

    /// <summary>The job changes of the batch, appended to <c>job_changes</c> like merges are to <c>merges</c>.</summary>
    private void StageJobChanges(List<(string, string, TableSlice)> files, DateTime now, long txn)
    {
        if (_jobChanges.Count > 0)
        {
            var rows = new JobChangesRows();
            rows.AddRange(_jobChanges, now, txn);
            files.Add((TableNames.JobChanges, $"{TableNames.JobChanges}/part-{txn:D10}.parquet", rows.All));
        }
    }

    private void ClearBatch()
    {
        _touchpoints.Clear();
        _rejected.Clear();
        _changes.Clear();
        _jobChanges.Clear();
        _lines = _accepted = _rejectedCount = _redeliveryCount = _pendingBytes = 0;
    }
}
