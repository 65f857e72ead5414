namespace ProfileUnifier.Lake.Delta;

/// <summary>
/// A table as of one version: protocol, metadata, live files, tombstones and application transactions,
/// reconciled as PROTOCOL.md ("Action Reconciliation") says: the latest protocol/metaData wins, the newest
/// action per file path wins, the latest version per appId wins.
/// </summary>
public sealed class DeltaSnapshot
{
    private readonly Dictionary<string, AddFile> _files;
    private readonly Dictionary<string, RemoveFile> _tombstones;
    private readonly Dictionary<string, long> _transactions;

    public DeltaSnapshot(string tableRoot)
        : this(tableRoot, -1, null, null, new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal))
    {
    }

    private DeltaSnapshot(string tableRoot, long version, ProtocolAction? protocol, MetadataAction? metadata,
        Dictionary<string, AddFile> files, Dictionary<string, RemoveFile> tombstones, Dictionary<string, long> transactions)
    {
        TableRoot = tableRoot;
        Version = version;
        Protocol = protocol;
        Metadata = metadata;
        _files = files;
        _tombstones = tombstones;
        _transactions = transactions;
    }

    public string TableRoot { get; }

    /// <summary>The version this state is at; -1 before the table's first commit.</summary>
    public long Version { get; private set; }

    public ProtocolAction? Protocol { get; private set; }

    public MetadataAction? Metadata { get; private set; }

    /// <summary>Live files by decoded relative path.</summary>
    public IReadOnlyDictionary<string, AddFile> Files => _files;

    /// <summary>Removed files (by decoded path) not yet expired: what vacuum may delete once they are old enough.</summary>
    public IReadOnlyDictionary<string, RemoveFile> Tombstones => _tombstones;

    public IReadOnlyDictionary<string, long> Transactions => _transactions;

    /// <summary>
    /// Files added or removed by the commits applied since this state's checkpoint (or since version 0): what a reader
    /// of the log replays after the checkpoint, each add with its statistics.
    /// </summary>
    public int FileActionsSinceCheckpoint { get; private set; }

    public long? TransactionVersion(string appId) => _transactions.TryGetValue(appId, out var version) ? version : null;

    /// <summary>The absolute path of a file this table names (always inside the table folder: <see cref="DeltaPaths"/>).</summary>
    public string PathOf(AddFile file) => DeltaPaths.Resolve(TableRoot, file.FilePath);

    /// <summary>Live files in a stable order (by path).</summary>
    public IEnumerable<AddFile> OrderedFiles => _files.Values.OrderBy(f => f.FilePath, StringComparer.Ordinal);

    public long RowCount => _files.Values.Sum(f => FileStatistics.NumRecords(f) ?? 0);

    /// <summary>Applies one version's actions on top of this state.</summary>
    public void Apply(long version, IReadOnlyList<DeltaAction> actions)
    {
        if (version != Version + 1)
        {
            throw new InvalidDataException($"{TableRoot}: version {version} follows {Version}; the log is not contiguous");
        }

        foreach (var action in actions)
        {
            ApplyAction(action);
            FileActionsSinceCheckpoint += action.Add is not null || action.Remove is not null ? 1 : 0;
        }

        Version = version;
        DeltaProtocolCheck.EnsureReadable(this);
    }

    /// <summary>A checkpoint of this version was written: a reader no longer replays the commits before it.</summary>
    public void Checkpointed() => FileActionsSinceCheckpoint = 0;

    /// <summary>Loads a checkpoint's actions as the state at <paramref name="version"/>.</summary>
    public void LoadCheckpoint(long version, IEnumerable<DeltaAction> actions)
    {
        if (Version >= 0)
        {
            throw new InvalidOperationException("a checkpoint can only start a snapshot");
        }

        foreach (var action in actions)
        {
            ApplyAction(action);
        }

        Version = version;
        DeltaProtocolCheck.EnsureReadable(this);
    }

    public DeltaSnapshot Clone() => new(TableRoot, Version, Protocol, Metadata, new(_files, StringComparer.Ordinal),
        new(_tombstones, StringComparer.Ordinal), new(_transactions, StringComparer.Ordinal));

    /// <summary>Drops tombstones removed before <paramref name="cutoffMs"/> (they are no longer needed in checkpoints).</summary>
    public void ExpireTombstones(long cutoffMs)
    {
        foreach (var (path, remove) in _tombstones.ToList())
        {
            if ((remove.DeletionTimestamp ?? 0) < cutoffMs)
            {
                _tombstones.Remove(path);
            }
        }
    }

    private string Confined(string path)
    {
        _ = DeltaPaths.Resolve(TableRoot, path);
        return path;
    }

    private void ApplyAction(DeltaAction action)
    {
        if (action.Protocol is { } protocol)
        {
            Protocol = protocol;
        }
        else if (action.MetaData is { } metadata)
        {
            Metadata = metadata;
        }
        else if (action.Add is { } add)
        {
            var path = Confined(add.FilePath);
            _files[path] = add;
            _tombstones.Remove(path);
        }
        else if (action.Remove is { } remove)
        {
            var path = Confined(remove.FilePath);
            _files.Remove(path);
            _tombstones[path] = remove;
        }
        else if (action.Txn is { } txn)
        {
            _transactions[txn.AppId] = txn.Version;
        }
    }
}
