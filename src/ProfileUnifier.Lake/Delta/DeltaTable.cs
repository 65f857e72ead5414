using System.Globalization;
using ProfileUnifier.Lake.Parquet;
using ProfileUnifier.Lake.Storage;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Lake.Delta;

/// <summary>
/// One lake table as a writer holds it: its log, the snapshot it last read, and the two things a writer does —
/// write data files once under unique names, and try to create the next version with actions over them. A
/// version it loses means another writer got there first: re-read, then decide again (never reuse the files).
/// </summary>
public sealed class DeltaTable
{
    private readonly ILakeFileSystem _fs;
    private readonly LakeOptions _options;
    private readonly TimeProvider _clock;

    private DeltaTable(string lakeRoot, string name, ILakeFileSystem fs, LakeOptions options, TimeProvider clock, DeltaSnapshot snapshot)
    {
        Name = name;
        Root = Path.Combine(lakeRoot, name);
        _fs = fs;
        _options = options;
        _clock = clock;
        Log = new DeltaLog(Root, fs);
        Snapshot = snapshot;
    }

    public string Name { get; }

    public string Root { get; }

    public DeltaLog Log { get; }

    public DeltaSnapshot Snapshot { get; private set; }

    /// <summary>Now, in milliseconds since the epoch, as the log's timestamps are.</summary>
    public long NowMs => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>The version the next commit tries to create.</summary>
    public long NextVersion => Snapshot.Version + 1;

    public static async Task<DeltaTable> OpenAsync(string lakeRoot, string name, ILakeFileSystem fs, LakeOptions options, TimeProvider clock,
        CancellationToken ct)
    {
        var log = new DeltaLog(Path.Combine(lakeRoot, name), fs);
        return new DeltaTable(lakeRoot, name, fs, options, clock, await log.ReadLatestAsync(ct));
    }

    /// <summary>Reads the versions other writers created since this one last looked.</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        if (Snapshot.Version < 0)
        {
            Snapshot = await Log.ReadLatestAsync(ct);
            return;
        }

        await Log.CatchUpAsync(Snapshot, ct);
    }

    /// <summary>
    /// Writes rows as one Parquet file of this table, in <paramref name="partition"/>'s folder, under a unique name:
    /// written to a hidden temporary name, made durable by the caller's sync, renamed before any commit names it.
    /// </summary>
    public async Task<AddFile> WriteFileAsync(TableSlice rows, IReadOnlyList<KeyValuePair<string, string>> partition,
        Dictionary<string, string>? tags, string prefix, CancellationToken ct)
    {
        await using var file = CreateFile(partition, tags, prefix);
        await file.AppendAsync(rows, ct);
        return await file.CompleteAsync(ct);
    }

    /// <summary>
    /// As <see cref="WriteFileAsync"/>, the rows encoded in <paramref name="parts"/> row groups side by side
    /// (<see cref="DeltaFileWriter.WriteInPartsAsync"/>).
    /// </summary>
    public async Task<AddFile> WriteFileInPartsAsync(TableSlice rows, int parts, Dictionary<string, string>? tags, string prefix, CancellationToken ct)
    {
        // No more parts than rows: none is empty.
        parts = Math.Min(parts, rows.Rows);
        if (parts <= 1)
        {
            return await WriteFileAsync(rows, [], tags, prefix, ct);
        }

        await using var file = CreateFile([], tags, prefix);
        return await file.WriteInPartsAsync(rows, parts, ct);
    }

    /// <summary>The lake's options this table writes with.</summary>
    internal LakeOptions Options => _options;

    /// <summary>Encodes rows of this table into memory, to be written with others into one file (<see cref="WriteFileOfPartsAsync"/>).</summary>
    internal Task<EncodedPart> EncodeAsync(TableSlice rows, CancellationToken ct, IReadOnlyList<ColumnBuffer>? columns = null) =>
        DeltaFileWriter.EncodeAsync(rows, _options, ct, columns);

    /// <summary>As <see cref="WriteFileAsync"/>, a file of the row groups of <paramref name="parts"/> (which stay the caller's).</summary>
    internal async Task<AddFile> WriteFileOfPartsAsync(IReadOnlyList<EncodedPart> parts, IReadOnlyList<KeyValuePair<string, string>> partition, string prefix,
        CancellationToken ct)
    {
        await using var file = CreateFile(partition, tags: null, prefix);
        return await file.WritePartsAsync(parts, ct);
    }

    /// <summary>A data file of this table to write in parts (see <see cref="DeltaFileWriter"/>).</summary>
    public DeltaFileWriter CreateFile(IReadOnlyList<KeyValuePair<string, string>> partition, Dictionary<string, string>? tags, string prefix) =>
        new(Root, _fs, _options, _clock, partition, tags, prefix);

    /// <summary>
    /// The actions every commit of this table starts with: commitInfo, then the protocol and metadata when the
    /// table is new, or new metadata when the schema gained columns.
    /// </summary>
    public List<DeltaAction> Preamble(string schemaString, IReadOnlyList<string> partitionColumns, string operation, GroupManifest? manifest = null)
    {
        var actions = new List<DeltaAction>
        {
            new()
            {
                CommitInfo = new CommitInfo
                {
                    Timestamp = _clock.GetUtcNow().ToUnixTimeMilliseconds(),
                    Operation = operation,
                    EngineInfo = EngineInfo,
                    TxnId = Guid.NewGuid().ToString(),
                    Group = manifest,
                },
            },
        };
        if (Snapshot.Version < 0)
        {
            actions.Add(new DeltaAction { Protocol = ProtocolAction.Default });
            actions.Add(new DeltaAction
            {
                MetaData = new MetadataAction
                {
                    Id = Guid.NewGuid().ToString(),
                    Name = Name,
                    SchemaString = schemaString,
                    PartitionColumns = [.. partitionColumns],
                    CreatedTime = _clock.GetUtcNow().ToUnixTimeMilliseconds(),
                    Configuration = new Dictionary<string, string>
                    {
                        ["delta.checkpointInterval"] = _options.CheckpointInterval.ToString(CultureInfo.InvariantCulture),
                        ["delta.logRetentionDuration"] = $"interval {(int)_options.LogRetention.TotalHours} hours",
                        ["delta.deletedFileRetentionDuration"] = $"interval {(int)_options.VacuumRetention.TotalHours} hours",
                    },
                },
            });
        }
        else
        {
            DeltaProtocolCheck.EnsureWritable(Snapshot);
            // Delta cannot change a table's partition columns in place: a lake of an older layout is refused, not mixed.
            if (!Snapshot.Metadata!.PartitionColumns.SequenceEqual(partitionColumns, StringComparer.Ordinal))
            {
                throw new InvalidDataException(
                    $"{Root} is partitioned by ({string.Join(", ", Snapshot.Metadata.PartitionColumns)}), not ({string.Join(", ", partitionColumns)}) as this version writes it; ingest into a new lake");
            }

            if (Snapshot.Metadata!.SchemaString != schemaString)
            {
                actions.Add(new DeltaAction { MetaData = Snapshot.Metadata with { SchemaString = schemaString } });
            }
        }

        return actions;
    }

    /// <summary>Creates <see cref="NextVersion"/> with these actions; false if another writer created it first.</summary>
    public async Task<bool> TryCommitAsync(IReadOnlyList<DeltaAction> actions, CancellationToken ct)
    {
        var version = NextVersion;
        if (!Log.TryCommit(version, actions))
        {
            return false;
        }

        Snapshot.Apply(version, actions);
        if (version > 0 && (version % _options.CheckpointInterval == 0 || Snapshot.FileActionsSinceCheckpoint >= _options.CheckpointAfterFileActions))
        {
            await WriteCheckpointAsync(ct);
        }

        return true;
    }

    /// <summary>A classic checkpoint of the current version, expired tombstones left out.</summary>
    public async Task WriteCheckpointAsync(CancellationToken ct)
    {
        var state = Snapshot.Clone();
        state.ExpireTombstones((_clock.GetUtcNow() - _options.VacuumRetention).ToUnixTimeMilliseconds());
        await Log.WriteCheckpointAsync(state, ct);
        Snapshot.Checkpointed();
        Log.CleanUp((_clock.GetUtcNow() - _options.LogRetention).UtcDateTime);
    }

    public static string EngineInfo { get; } =
        $"ProfileUnifier/{typeof(DeltaTable).Assembly.GetName().Version?.ToString(3) ?? "0"}";
}
