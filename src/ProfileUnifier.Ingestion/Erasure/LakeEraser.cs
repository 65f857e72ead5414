using Microsoft.Extensions.Logging;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Ingestion.Pipeline;
using ProfileUnifier.Lake.Commit;
using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Groups;
using ProfileUnifier.Lake.Privacy;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Ingestion.Erasure;

/// <summary>
/// <c>forget</c>'s first half: removes a person's rows from every table through Delta commits. The person is found in the
/// identity state; their identifiers' tokens join the suppression list in the same commit that removes their events.
/// Tables other than the batch tables that name people (<c>profile_id</c>, <c>event_id</c> columns: alerts, campaign reactions, …)
/// are rewritten first, then the batch tables (job changes among them) in one batch commit (its own batch number, so a writer that read the lake
/// before it is fenced off, and its manifest records the erasure without any identifier). Rejected lines that carry an
/// identifier of the person keep their reason and position but lose their text. The scan is repeated until it finds
/// nothing (a compaction racing the erasure can leave rows behind). The second half — identity tables rebuilt without
/// the person, superseded files deleted, the audit row — is <see cref="ErasureFinisher"/>, run by the next opening of
/// the lake for writing.
/// </summary>
public sealed class LakeEraser(LakeIngestor ingestor, Func<string, TableBuffer?> buffers, ILogger logger)
{
    /// <summary>Columns that name a person or their events, in any table.</summary>
    public static IReadOnlyList<string> PersonColumns { get; } = ["profile_id", "from_profile_id", "into_profile_id", "event_id"];

    private const int MaxPasses = 5;
    private const string RedactedRaw = "[erased]";

    public async Task<ErasureRecord> EraseAsync(ErasureRequest request, CancellationToken ct)
    {
        var lake = ingestor.Lake;
        var hasher = ingestor.Privacy.RequireHasher("forget (its suppression list is made of keyed hashes)");
        var engine = ingestor.State.Engine;
        // Found in the engine, which holds clear values even in a pseudonymised lake.
        var person = new PersonLocator(engine.Snapshot(), engine.Normalizer, (_, value) => value).Find(request);
        var tokens = person.Identifiers.Select(i => hasher.Token(i.Kind, i.Value)).Distinct(StringComparer.Ordinal).ToList();
        ingestor.Privacy.Record(ingestor.Privacy.Pseudonymised);
        logger.LogDebug("Erasing profile {Profile} ({Identifiers} identifiers)", person.ProfileId, person.Identifiers.Count);

        // Every table that names people must be one forget can rewrite: find out before anything changes.
        var otherTables = await OtherTablesAsync(ct);
        var found = new FoundRows(person, ingestor.StoredForm);
        var record = new ErasureRecord
        {
            ErasureId = Guid.NewGuid().ToString(),
            RequestedAt = lake.Clock.GetUtcNow().UtcDateTime,
            RequestedBy = request.RequestedBy,
            Reason = request.Reason,
            FoundBy = request.Key switch
            {
                ErasureKey.Email => "email",
                ErasureKey.Phone => "phone",
                ErasureKey.CrmId => "crm_contact_id",
                _ => "profile_id",
            },
            IdentifiersSuppressed = tokens.Count,
        };
        for (var pass = 1; pass <= MaxPasses; pass++)
        {
            var touchpoints = await new TableEraser(ingestor.Batches.Leader, () => new TouchpointRows()).EraseAsync(found.TouchpointJudge(), ct);
            var others = await EraseOtherTablesAsync(otherTables, found, record, ct);
            var matcher = new IdentifierMatcher(person, engine.Normalizer);
            var rejected = await new TableEraser(ingestor.Batches.Table(TableNames.Rejected), () => new RejectedRows())
                .EraseAsync(RejectedJudge(matcher, ingestor.State.Vault), ct);
            var merges = await new TableEraser(ingestor.Batches.Table(TableNames.Merges), () => new MergesRows()).EraseAsync(found.MergesJudge(), ct);
            var jobChanges = await new TableEraser(ingestor.Batches.Table(TableNames.JobChanges), () => new JobChangesRows())
                .EraseAsync(found.ByIdsJudge(["profile_id", "event_id"]), ct);
            if (pass > 1 && !touchpoints.Changed && !rejected.Changed && !merges.Changed && !jobChanges.Changed && !others)
            {
                return record;
            }

            record = Count(record, touchpoints.Dropped, rejected.Redacted, merges.Dropped, jobChanges.Dropped);
            try
            {
                await CommitAsync(touchpoints, rejected, merges, jobChanges, tokens, record, ct);
            }
            catch (LakeConflictException ex) when (pass < MaxPasses)
            {
                // A compaction replaced a file being rewritten: scan again on top of it.
                logger.LogWarning("Erasure pass {Pass} lost to another commit ({Reason}); scanning again", pass, ex.Message);
                await ingestor.Batches.RefreshAsync(ct);
                continue;
            }

            logger.LogInformation("Erasure {Id}, pass {Pass}: {Events} events removed, {Rejected} rejected lines redacted, {Merges} merges and {JobChanges} job changes removed",
                record.ErasureId, pass, touchpoints.Dropped, rejected.Redacted, merges.Dropped, jobChanges.Dropped);
        }

        throw new IOException($"the lake kept changing under the erasure for {MaxPasses} passes (is optimize running?); run forget again");
    }

    /// <summary>The tables besides the batch and identity tables whose columns name people; an error when forget cannot rewrite one.</summary>
    private async Task<List<(string Name, IReadOnlyList<string> Columns)>> OtherTablesAsync(CancellationToken ct)
    {
        var lake = ingestor.Lake;
        var tables = new List<(string, IReadOnlyList<string>)>();
        foreach (var folder in Directory.EnumerateDirectories(lake.Root).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            if (name.StartsWith('_') || name.StartsWith('.') || TableGroup.Batch.Tables.Contains(name) || TableNames.IdentitySnapshots.Contains(name) ||
                !lake.Fs.DirectoryExists(Path.Combine(folder, DeltaLog.FolderName)))
            {
                continue;
            }

            var snapshot = (await lake.OpenTableAsync(name, ct)).Snapshot;
            var columns = snapshot.Metadata is { } metadata ? DeltaSchema.ColumnNames(metadata.SchemaString) : [];
            var personal = PersonColumns.Intersect(columns).ToList();
            if (personal.Count == 0)
            {
                continue;
            }

            if (buffers(name) is null)
            {
                throw new ErasureRefusedException(
                    $"table {name} has columns that name people ({string.Join(", ", personal)}) but forget does not know how to rewrite it; nothing was erased");
            }

            tables.Add((name, personal));
        }

        return tables;
    }

    /// <summary>Rewrites the other tables that name people, each in a commit of its own; true when one changed.</summary>
    private async Task<bool> EraseOtherTablesAsync(IReadOnlyList<(string Name, IReadOnlyList<string> Columns)> tables, FoundRows found,
        ErasureRecord record, CancellationToken ct)
    {
        var changed = false;
        foreach (var (name, personal) in tables)
        {
            var table = await ingestor.Lake.OpenTableAsync(name, ct);
            while (true)
            {
                var erased = await new TableEraser(table, () => buffers(name)!).EraseAsync(found.ByIdsJudge(personal), ct);
                if (!erased.Changed)
                {
                    break;
                }

                var metadata = table.Snapshot.Metadata!;
                var actions = table.Preamble(metadata.SchemaString, metadata.PartitionColumns, "DELETE");
                actions.AddRange(erased.Removed.Select(f => (DeltaAction)f.Removed(table.NowMs, dataChange: true)));
                actions.AddRange(erased.Written.Select(f => (DeltaAction)f));
                if (await table.TryCommitAsync(actions, ct))
                {
                    record.Rows[name] = record.Rows.GetValueOrDefault(name) + erased.Dropped;
                    changed = true;
                    break;
                }

                await table.RefreshAsync(ct);
            }
        }

        return changed;
    }

    private async Task CommitAsync(ErasedTable touchpoints, ErasedTable rejected, ErasedTable merges, ErasedTable jobChanges, IReadOnlyList<string> tokens,
        ErasureRecord record, CancellationToken ct)
    {
        var progress = ingestor.Progress;
        var number = ingestor.Batches.LastNumber + 1;
        await ingestor.Batches.CommitAsync(new GroupCommit
        {
            Operation = "DELETE",
            Leader = new TableChange
            {
                Schema = new TouchpointRows(),
                PartitionColumns = TouchpointPartitions.PartitionColumns,
                Written = touchpoints.Written,
                Removed = touchpoints.Removed,
            },
            Members =
            {
                [TableNames.Rejected] = new TableChange { Schema = new RejectedRows(), Written = rejected.Written, Removed = rejected.Removed },
                [TableNames.Merges] = new TableChange { Schema = new MergesRows(), Written = merges.Written, Removed = merges.Removed },
                [TableNames.JobChanges] = new TableChange { Schema = new JobChangesRows(), Written = jobChanges.Written, Removed = jobChanges.Removed },
            },
            Progress = [.. progress.ErasureActions(number, tokens, touchpoints.Dropped, ingestor.Lake.Clock.GetUtcNow().ToUnixTimeMilliseconds())],
            Counts = BatchCounts.Zero,
            Erasure = record,
        }, ct);
        ingestor.Erased(number);
    }

    private static ErasureRecord Count(ErasureRecord record, long events, long rejected, long merges, long jobChanges)
    {
        record.Rows[TableNames.JobChanges] = record.Rows.GetValueOrDefault(TableNames.JobChanges) + jobChanges;
        record.Rows[TableNames.Touchpoints] = record.Rows.GetValueOrDefault(TableNames.Touchpoints) + events;
        record.Rows[TableNames.Rejected] = record.Rows.GetValueOrDefault(TableNames.Rejected) + rejected;
        record.Rows[TableNames.Merges] = record.Rows.GetValueOrDefault(TableNames.Merges) + merges;
        return record;
    }

    /// <summary>
    /// A rejected line that names the person keeps its reason code and position; its text goes (and its reason, if that names
    /// them). In a pseudonymised lake the text is in the vault (the row holds its token; the vault's row goes in the clean-up).
    /// </summary>
    private static RowJudge RejectedJudge(IdentifierMatcher matcher, IdentifierVault? vault) => new(["raw", "reason"],
        (columns, row) => matcher.Matches(vault is null ? columns["raw"][row] : vault.TryReveal(columns["raw"][row])) || matcher.Matches(columns["reason"][row])
            ? RowFate.Redact
            : RowFate.Keep,
        (rows, row) =>
        {
            var reason = (Lake.Parquet.StringColumn)rows.Column("reason")!;
            if (matcher.Matches(reason[row]))
            {
                reason.Set(row, "the reason named an erased person's identifier");
            }

            ((Lake.Parquet.StringColumn)rows.Column("raw")!).Set(row, RedactedRaw);
        });

    /// <summary>What the scans found of the person: the events removed and every profile id they had (merges and other tables name those).</summary>
    /// <param name="stored">How the table stores an identifier (its token, in a pseudonymised lake).</param>
    private sealed class FoundRows(ErasedPerson person, Func<IdentifierKind, string, string> stored)
    {
        private readonly HashSet<string> _events = new(StringComparer.Ordinal);
        private readonly HashSet<string> _profiles = new(StringComparer.Ordinal) { person.ProfileId };

        public RowJudge TouchpointJudge()
        {
            var byColumn = new (string Column, IReadOnlySet<string> Values)[]
            {
                ("email", Stored(IdentifierKind.Email)),
                ("phone", Stored(IdentifierKind.Phone)),
                ("anonymous_id", Stored(IdentifierKind.AnonymousId)),
                ("user_id", Stored(IdentifierKind.UserId)),
                ("crm_contact_id", Stored(IdentifierKind.CrmContactId)),
                ("social", Stored(IdentifierKind.Social)),
            };
            return new RowJudge(["signature_id", "profile_id", "event_id", .. byColumn.Select(c => c.Column)], (columns, row) =>
            {
                var theirs = person.Signatures.Contains(columns["signature_id"][row] ?? "") || columns["profile_id"][row] == person.ProfileId ||
                             byColumn.Any(c => columns[c.Column][row] is { } value && c.Values.Contains(value));
                if (!theirs)
                {
                    return RowFate.Keep;
                }

                _events.Add(columns["event_id"][row]!);
                if (columns["profile_id"][row] is { } former)
                {
                    _profiles.Add(former);
                }

                return RowFate.Drop;
            });
        }

        private HashSet<string> Stored(IdentifierKind kind) => person.Values(kind).Select(v => stored(kind, v)).ToHashSet(StringComparer.Ordinal);

        public RowJudge MergesJudge() => new(["from_profile_id", "into_profile_id", "event_id"], (columns, row) =>
            Named(columns["from_profile_id"][row]) || Named(columns["into_profile_id"][row]) || IsEvent(columns["event_id"][row])
                ? RowFate.Drop
                : RowFate.Keep);

        public RowJudge ByIdsJudge(IReadOnlyList<string> personal) => new(personal, (columns, row) =>
            personal.Any(c => c == "event_id" ? IsEvent(columns[c][row]) : Named(columns[c][row])) ? RowFate.Drop : RowFate.Keep);

        private bool Named(string? profile) => profile is not null && _profiles.Contains(profile);

        private bool IsEvent(string? id) => id is not null && _events.Contains(id);
    }
}
