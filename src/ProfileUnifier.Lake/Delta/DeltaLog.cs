using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ProfileUnifier.Lake.Storage;

namespace ProfileUnifier.Lake.Delta;

/// <summary>
/// The <c>_delta_log</c> of one table: reads a snapshot (newest checkpoint, then the JSON commits after it),
/// creates versions put-if-absent (of two writers exactly one gets each version), writes classic checkpoints
/// with <c>_last_checkpoint</c>, and removes log files a checkpoint has made unnecessary.
/// </summary>
public sealed partial class DeltaLog(string tableRoot, ILakeFileSystem fs)
{
    public const string FolderName = "_delta_log";
    private const string LastCheckpointName = "_last_checkpoint";

    public string TableRoot { get; } = tableRoot;

    public string Folder { get; } = Path.Combine(tableRoot, FolderName);

    public static string CommitName(long version) => version.ToString("D20", CultureInfo.InvariantCulture) + ".json";

    public static string CheckpointName(long version) => version.ToString("D20", CultureInfo.InvariantCulture) + ".checkpoint.parquet";

    /// <summary>True once the table has a first version.</summary>
    public bool Exists => fs.DirectoryExists(Folder) && fs.ListFiles(Folder, "*.json").Any(n => CommitPattern().IsMatch(n)) ||
                          fs.ListFiles(Folder, "*.checkpoint*.parquet").Count > 0;

    /// <summary>
    /// The latest snapshot; an empty one (version -1) when the table has no version yet. Starts from the checkpoint
    /// <c>_last_checkpoint</c> names and reads the commits after it one by one, without listing a log folder that
    /// may hold many thousands of files; without a usable hint it lists.
    /// </summary>
    public async Task<DeltaSnapshot> ReadLatestAsync(CancellationToken ct)
    {
        if (LastCheckpointHint() is { } hint && fs.FileExists(Path.Combine(Folder, CheckpointName(hint))))
        {
            try
            {
                var snapshot = new DeltaSnapshot(TableRoot);
                snapshot.LoadCheckpoint(hint, await ReadCheckpointAsync((hint, [CheckpointName(hint)]), ct));
                await CatchUpAsync(snapshot, ct);
                if (snapshot.Protocol is not null && snapshot.Metadata is not null)
                {
                    return snapshot;
                }
            }
            catch (InvalidDataException)
            {
                // A checkpoint that does not read back: fall back to the listing, which may find an older good one.
            }
        }

        return await ReadAsync(null, ct);
    }

    private long? LastCheckpointHint()
    {
        var path = Path.Combine(Folder, LastCheckpointName);
        try
        {
            using var json = JsonDocument.Parse(fs.ReadAllBytes(path));
            return json.RootElement.TryGetProperty("version", out var v) && v.TryGetInt64(out var version) ? version : null;
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The snapshot at <paramref name="version"/> (time travel), or the latest when null.</summary>
    public async Task<DeltaSnapshot> ReadAsync(long? version, CancellationToken ct)
    {
        var listing = Listing.Of(fs.ListFiles(Folder));
        var snapshot = new DeltaSnapshot(TableRoot);
        if (listing.Commits.Count == 0 && listing.Checkpoints.Count == 0)
        {
            if (version is not null)
            {
                throw new InvalidDataException($"{TableRoot} has no version {version}: it has no Delta log");
            }

            return snapshot;
        }

        var target = version ?? Math.Max(listing.Commits.Count > 0 ? listing.Commits[^1] : -1, listing.Checkpoints.Keys.DefaultIfEmpty(-1).Max());
        var checkpoint = ChooseCheckpoint(listing, target);
        if (checkpoint is { } c)
        {
            snapshot.LoadCheckpoint(c.Version, await ReadCheckpointAsync(c, ct));
        }
        else if (listing.Commits.Count == 0 || listing.Commits[0] != 0)
        {
            throw new InvalidDataException($"{TableRoot}: the log starts at version {(listing.Commits.Count > 0 ? listing.Commits[0] : -1)} and has no checkpoint to start from");
        }

        foreach (var v in listing.Commits.Where(v => v > snapshot.Version && v <= target))
        {
            snapshot.Apply(v, await ReadCommitAsync(v, ct));
        }

        if (snapshot.Version != target)
        {
            throw new InvalidDataException($"{TableRoot}: version {target} cannot be reached (the log has a gap after version {snapshot.Version})");
        }

        if (snapshot.Protocol is null || snapshot.Metadata is null)
        {
            throw new InvalidDataException($"{TableRoot}: version {target} has no {(snapshot.Protocol is null ? "protocol" : "metaData")} action");
        }

        return snapshot;
    }

    /// <summary>
    /// Brings a snapshot up to the latest version by reading the commits after it (no listing: cheap enough to
    /// poll). Returns the versions applied with their actions.
    /// </summary>
    public async Task<IReadOnlyList<(long Version, IReadOnlyList<DeltaAction> Actions)>> CatchUpAsync(DeltaSnapshot snapshot, CancellationToken ct)
    {
        var applied = new List<(long, IReadOnlyList<DeltaAction>)>();
        while (fs.FileExists(Path.Combine(Folder, CommitName(snapshot.Version + 1))))
        {
            var version = snapshot.Version + 1;
            var actions = await ReadCommitAsync(version, ct);
            snapshot.Apply(version, actions);
            applied.Add((version, actions));
        }

        return applied;
    }

    public Task<List<DeltaAction>> ReadCommitAsync(long version, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var name = CommitName(version);
        return Task.FromResult(DeltaJson.Parse(fs.ReadAllBytes(Path.Combine(Folder, name)), Path.Combine(TableRoot, FolderName, name)));
    }

    /// <summary>The commitInfo of a version, if its JSON commit is still there.</summary>
    public async Task<CommitInfo?> ReadCommitInfoAsync(long version, CancellationToken ct)
    {
        if (!fs.FileExists(Path.Combine(Folder, CommitName(version))))
        {
            return null;
        }

        return (await ReadCommitAsync(version, ct)).FirstOrDefault(a => a.CommitInfo is not null)?.CommitInfo;
    }

    /// <summary>
    /// The newest version at or below <paramref name="from"/> whose commit set the txn <paramref name="appId"/> to
    /// <paramref name="number"/> (read backwards from there); null when the log no longer reaches back that far.
    /// </summary>
    public async Task<long?> FindVersionAsync(string appId, long number, long from, CancellationToken ct)
    {
        for (var version = from; version >= 0; version--)
        {
            if (!fs.FileExists(Path.Combine(Folder, CommitName(version))))
            {
                return null;
            }

            foreach (var action in await ReadCommitAsync(version, ct))
            {
                if (action.Txn is { } txn && txn.AppId == appId)
                {
                    if (txn.Version == number)
                    {
                        return version;
                    }

                    if (txn.Version < number)
                    {
                        return null;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The newest version at or below <paramref name="from"/> whose state has the txn <paramref name="appId"/> at
    /// <paramref name="number"/>: the version just before the first commit that moved it past that number (later
    /// commits that leave it alone, compactions say, count too); -1 when the table's first version already went past
    /// it (the number 0 before any commit). Null when the log no longer reaches back that far.
    /// </summary>
    public async Task<long?> FindStateVersionAsync(string appId, long number, long from, CancellationToken ct)
    {
        long? candidate = null;
        for (var version = from; version >= 0; version--)
        {
            if (!fs.FileExists(Path.Combine(Folder, CommitName(version))))
            {
                return null;
            }

            foreach (var action in await ReadCommitAsync(version, ct))
            {
                if (action.Txn is { } txn && txn.AppId == appId)
                {
                    if (txn.Version > number)
                    {
                        candidate = version - 1;
                    }
                    else
                    {
                        return txn.Version == number ? candidate ?? from : null;
                    }
                }
            }
        }

        // Back to version 0 without meeting the number: the state before the first commit had none (0).
        return number == 0 ? candidate : null;
    }

    /// <summary>
    /// Creates <paramref name="version"/> with these actions if no writer has: the commit is written whole and
    /// made durable under a temporary name, then linked to its name, which fails if the name exists.
    /// </summary>
    public bool TryCommit(long version, IReadOnlyList<DeltaAction> actions)
    {
        fs.CreateDirectory(Folder);
        var temp = Path.Combine(Folder, $".{Guid.NewGuid():N}.json.tmp");
        using (var stream = fs.CreateNew(temp))
        {
            stream.Write(DeltaJson.Serialize(actions));
            stream.FlushToDisk();
        }

        if (!fs.TryPublish(temp, Path.Combine(Folder, CommitName(version))))
        {
            return false;
        }

        fs.SyncDirectory(Folder);
        return true;
    }

    /// <summary>
    /// Writes a classic checkpoint of <paramref name="snapshot"/> and points <c>_last_checkpoint</c> at it. Both are
    /// replaced whole by rename: a racing writer of the same version writes the same state, so either copy serves.
    /// </summary>
    public async Task WriteCheckpointAsync(DeltaSnapshot snapshot, CancellationToken ct)
    {
        var temp = Path.Combine(Folder, $".{Guid.NewGuid():N}.checkpoint.tmp");
        await using (var stream = fs.CreateNew(temp))
        {
            await CheckpointFile.WriteAsync(stream, snapshot, ct);
        }

        var name = Path.Combine(Folder, CheckpointName(snapshot.Version));
        fs.Replace(temp, name);
        var last = new LastCheckpoint(snapshot.Version, snapshot.Files.Count + snapshot.Tombstones.Count + snapshot.Transactions.Count + 2,
            fs.Length(name), snapshot.Files.Count);
        var lastTemp = Path.Combine(Folder, $".{Guid.NewGuid():N}.last.tmp");
        await using (var stream = fs.CreateNew(lastTemp))
        {
            await JsonSerializer.SerializeAsync(stream, last, DeltaJson.Options, ct);
        }

        fs.Replace(lastTemp, Path.Combine(Folder, LastCheckpointName));
        fs.SyncDirectory(Folder);
    }

    /// <summary>
    /// Metadata cleanup (PROTOCOL.md): keeps the newest checkpoint not newer than the newest commit written before
    /// <paramref name="cutoffUtc"/>, and everything after it; deletes older commits and checkpoints. Returns how many
    /// files went.
    /// </summary>
    public int CleanUp(DateTime cutoffUtc)
    {
        var listing = Listing.Of(fs.ListFiles(Folder));
        var expired = listing.Commits.Where(v => fs.LastWriteTimeUtc(Path.Combine(Folder, CommitName(v))) <= cutoffUtc).ToList();
        if (expired.Count == 0)
        {
            return 0;
        }

        var cutoffCommit = expired[^1];
        var keep = listing.Checkpoints.Keys.Where(v => v <= cutoffCommit).DefaultIfEmpty(-1).Max();
        if (keep < 0)
        {
            return 0;
        }

        var deleted = 0;
        foreach (var name in fs.ListFiles(Folder))
        {
            if (Listing.VersionOf(name) is { } v && v < keep)
            {
                fs.Delete(Path.Combine(Folder, name));
                deleted++;
            }
        }

        return deleted;
    }

    /// <summary>Temporary files a crash left in the log folder (they never became versions).</summary>
    public IEnumerable<string> Leftovers() =>
        fs.ListFiles(Folder, ".*.tmp").Select(n => Path.Combine(Folder, n));

    private (long Version, IReadOnlyList<string> Files)? ChooseCheckpoint(Listing listing, long target)
    {
        // _last_checkpoint is a hint; a stale or corrupt one is ignored in favour of the listing.
        foreach (var (version, files) in listing.Checkpoints.Where(c => c.Key <= target).OrderByDescending(c => c.Key))
        {
            if (files.All(f => fs.FileExists(Path.Combine(Folder, f))))
            {
                return (version, files);
            }
        }

        return null;
    }

    private async Task<List<DeltaAction>> ReadCheckpointAsync((long Version, IReadOnlyList<string> Files) checkpoint, CancellationToken ct)
    {
        var actions = new List<DeltaAction>();
        foreach (var file in checkpoint.Files)
        {
            try
            {
                actions.AddRange(await CheckpointFile.ReadAsync(fs.ReadAllBytes(Path.Combine(Folder, file)), ct));
            }
            catch (Exception ex) when (ex is ParquetSharp.ParquetException or IOException or NotSupportedException or ArgumentException or InvalidCastException)
            {
                throw new InvalidDataException($"{Path.Combine(Folder, file)} is not a readable checkpoint: {ex.Message}", ex);
            }
        }

        return actions;
    }

    [GeneratedRegex(@"^\d{20}\.json$")]
    private static partial Regex CommitPattern();

    [GeneratedRegex(@"^(\d{20})\.checkpoint(\.(\d{10})\.(\d{10}))?\.parquet$")]
    private static partial Regex CheckpointPattern();

    private sealed record LastCheckpoint(
        [property: System.Text.Json.Serialization.JsonPropertyName("version")] long Version,
        [property: System.Text.Json.Serialization.JsonPropertyName("size")] long Size,
        [property: System.Text.Json.Serialization.JsonPropertyName("sizeInBytes")] long SizeInBytes,
        [property: System.Text.Json.Serialization.JsonPropertyName("numOfAddFiles")] long NumOfAddFiles);

    /// <summary>What a listing of the log folder holds: commit versions in order and complete checkpoints by version.</summary>
    private sealed class Listing
    {
        public List<long> Commits { get; } = [];

        public Dictionary<long, IReadOnlyList<string>> Checkpoints { get; } = [];

        public static Listing Of(IEnumerable<string> names)
        {
            var listing = new Listing();
            var parts = new Dictionary<(long Version, int Of), List<string>>();
            foreach (var name in names)
            {
                if (CommitPattern().IsMatch(name))
                {
                    listing.Commits.Add(long.Parse(name.AsSpan(0, 20), CultureInfo.InvariantCulture));
                }
                else if (CheckpointPattern().Match(name) is { Success: true } m)
                {
                    var version = long.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
                    if (!m.Groups[2].Success)
                    {
                        listing.Checkpoints[version] = [name];
                    }
                    else
                    {
                        var of = int.Parse(m.Groups[4].ValueSpan, CultureInfo.InvariantCulture);
                        if (!parts.TryGetValue((version, of), out var list))
                        {
                            parts[(version, of)] = list = [];
                        }

                        list.Add(name);
                    }
                }
            }

            // A multi-part checkpoint counts only when every part is there.
            foreach (var ((version, of), list) in parts)
            {
                if (list.Count == of && !listing.Checkpoints.ContainsKey(version))
                {
                    listing.Checkpoints[version] = [.. list.Order(StringComparer.Ordinal)];
                }
            }

            listing.Commits.Sort();
            return listing;
        }

        public static long? VersionOf(string name) =>
            (CommitPattern().IsMatch(name) || CheckpointPattern().IsMatch(name)) &&
            long.TryParse(name.AsSpan(0, 20), NumberStyles.None, CultureInfo.InvariantCulture, out var v)
                ? v
                : null;
    }
}
