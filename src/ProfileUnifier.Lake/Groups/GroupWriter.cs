using ProfileUnifier.Lake.Commit;
using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Storage;

namespace ProfileUnifier.Lake.Groups;

/// <summary>
/// Commits a <see cref="TableGroup"/> exactly once across its tables. Data files are written first (unique names,
/// durable, invisible to Delta readers until named by a commit). The leader's commit — its files, the txn actions
/// of progress, and a manifest of every member's change — is the commit point: put-if-absent, so of two writers
/// exactly one gets it. Then each member gets its commit, marked with the group's number; a member already at
/// that number is skipped, so the roll-forward can run twice (a zombie and its successor) and add once. Opening a
/// writer first completes whatever commit a crash left half done.
/// </summary>
public sealed class GroupWriter
{
    private readonly string _root;
    private readonly ILakeFileSystem _fs;
    private readonly WriterIdentity _writer;
    private readonly Dictionary<string, DeltaTable> _tables;

    // A commit whose leader is in but whose members failed (an I/O error): the next CommitAsync finishes it.
    private GroupManifest? _unfinished;

    private GroupWriter(TableGroup group, string root, ILakeFileSystem fs, WriterIdentity writer, Dictionary<string, DeltaTable> tables)
    {
        Group = group;
        _root = root;
        _fs = fs;
        _writer = writer;
        _tables = tables;
    }

    public TableGroup Group { get; }

    public DeltaTable Leader => _tables[Group.Leader];

    public DeltaTable Table(string name) => _tables[name];

    /// <summary>The group's last committed number (0 before the first).</summary>
    public long LastNumber => Leader.Snapshot.TransactionVersion(Group.AppId) ?? 0;

    public static async Task<GroupWriter> OpenAsync(TableGroup group, string root, ILakeFileSystem fs, LakeOptions options, TimeProvider clock,
        WriterIdentity writer, CancellationToken ct)
    {
        var tables = new Dictionary<string, DeltaTable>(StringComparer.Ordinal);
        foreach (var name in group.Tables)
        {
            tables[name] = await DeltaTable.OpenAsync(root, name, fs, options, clock, ct);
        }

        var groupWriter = new GroupWriter(group, root, fs, writer, tables);
        await groupWriter.RecoverAsync(ct);
        return groupWriter;
    }

    /// <summary>
    /// Commits the change as the group's next number and returns it. Throws <see cref="LakeConflictException"/> when
    /// another writer committed the leader's next version first: this writer's view is stale (it may reload and
    /// decide again; its written files stay unreferenced until vacuum).
    /// </summary>
    /// <remarks>
    /// Safe to call again with the same change after a failure: when the failure came after the commit point, the
    /// call finishes that commit (rolls the members forward) and returns its number instead of committing again.
    /// </remarks>
    public async Task<long> CommitAsync(GroupCommit commit, CancellationToken ct)
    {
        if (_unfinished is { } unfinished)
        {
            try
            {
                await CompleteMembersAsync(unfinished, Group.Members, ct);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CommitIncompleteException(Group, unfinished.Number, Leader.Snapshot.Version, ex);
            }

            _unfinished = null;
            return unfinished.Number;
        }

        var number = LastNumber + 1;
        var members = Group.Members.ToDictionary(m => m, m => commit.Members.TryGetValue(m, out var change)
            ? change
            : throw new ArgumentException($"the {Group.Name} commit has no change for {m} (an empty one is enough)", nameof(commit)),
            StringComparer.Ordinal);
        var written = await WriteFilesAsync(commit.Leader, members, number, ct);
        _fs.SyncData(_root);

        var manifest = new GroupManifest
        {
            Group = Group.Name,
            Number = number,
            Writer = _writer.Id,
            Epoch = _writer.Epoch,
            Counts = commit.Counts,
            Erasure = commit.Erasure,
            Members = Group.Members.ToDictionary(m => m, m => new MemberChange
            {
                Schema = members[m].SchemaString is var schema && _tables[m].Snapshot.Metadata?.SchemaString == schema ? null : schema,
                Adds = written[m],
                Removes = members[m].Removed.Count > 0 ? [.. members[m].Removed.Select(f => f.Path)] : null,
                Replace = members[m].Replace,
            }, StringComparer.Ordinal),
        };
        var leader = Leader;
        while (true)
        {
            var actions = leader.Preamble(commit.Leader.SchemaString, commit.Leader.PartitionColumns, commit.Operation, manifest);
            actions.Add(Txn(number));
            actions.AddRange(commit.Progress.Select(p => (DeltaAction)p));
            if (commit.Leader.Replace)
            {
                actions.AddRange(Removals(leader, written[Group.Leader]));
            }

            if (commit.Leader.Removed.FirstOrDefault(f => !leader.Snapshot.Files.ContainsKey(f.FilePath)) is { } gone)
            {
                // Another writer (a compaction) replaced a file this change rewrites: its decision is stale.
                throw new LakeConflictException(leader.Name, leader.NextVersion, $"{gone.FilePath} was removed by another commit meanwhile");
            }

            actions.AddRange(commit.Leader.Removed.Select(f => (DeltaAction)f.Removed(leader.NowMs, dataChange: true)));

            actions.AddRange(written[Group.Leader].Select(a => (DeltaAction)a));
            var version = leader.NextVersion;
            bool won;
            try
            {
                won = await leader.TryCommitAsync(actions, ct);
            }
            catch (IOException)
            {
                // The commit file may have got its name before something after it failed (a sync, a checkpoint).
                if (!await IsMineAsync(version, ct))
                {
                    throw;
                }

                won = true;
            }

            if (won)
            {
                break;
            }

            await leader.RefreshAsync(ct);
            if (LastNumber != number - 1)
            {
                throw new LakeConflictException(leader.Name, version, $"{Group.Name} {LastNumber} is in the lake now, not {number}");
            }

            // Only maintenance got there first (a compaction: same rows, other files): take the next version.
        }

        _unfinished = manifest;
        try
        {
            await CompleteMembersAsync(manifest, Group.Members, ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CommitIncompleteException(Group, number, leader.Snapshot.Version, ex);
        }

        _unfinished = null;
        return number;
    }

    /// <summary>Reads what other writers (compaction, say) committed to the group's tables since this one last looked.</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        foreach (var table in _tables.Values)
        {
            await table.RefreshAsync(ct);
        }
    }

    /// <summary>Rolls members forward to the leader's last number (a crash between the commit point and them).</summary>
    public async Task RecoverAsync(CancellationToken ct)
    {
        var last = LastNumber;
        foreach (var member in Group.Members)
        {
            var table = _tables[member];
            var at = table.Snapshot.TransactionVersion(Group.AppId) ?? 0;
            for (var number = at + 1; number <= last; number++)
            {
                var manifest = await FindManifestAsync(number, ct) ??
                               throw new InvalidDataException($"{member} is at {Group.Name} {at}, {Group.Leader} at {last}, and the log no longer has {Group.Name} {number} to complete it");
                await CompleteMembersAsync(manifest, [member], ct);
            }
        }
    }

    private async Task CompleteMembersAsync(GroupManifest manifest, IEnumerable<string> members, CancellationToken ct)
    {
        foreach (var member in members)
        {
            var table = _tables[member];
            var change = manifest.Members[member];
            while (true)
            {
                await table.RefreshAsync(ct);
                var at = table.Snapshot.TransactionVersion(Group.AppId) ?? 0;
                if (at >= manifest.Number)
                {
                    // Done already: by this writer before a retry, or by another one rolling forward.
                    break;
                }

                if (at != manifest.Number - 1)
                {
                    throw new InvalidDataException($"{member} is at {Group.Name} {at} and cannot take {manifest.Number}");
                }

                foreach (var add in change.Adds)
                {
                    // The manifest is read back from the leader's log: a path in it is a path read from a log.
                    _ = DeltaPaths.Resolve(table.Root, add.FilePath);
                }

                var schema = change.Schema ?? table.Snapshot.Metadata?.SchemaString ??
                             throw new InvalidDataException($"{member} has no schema yet and {Group.Name} {manifest.Number} does not give one");
                var actions = table.Preamble(schema, [], "WRITE", manifest: null);
                actions.Add(Txn(manifest.Number));
                if (change.Replace)
                {
                    actions.AddRange(Removals(table, change.Adds));
                }

                foreach (var path in change.Removes ?? [])
                {
                    // Only files still live: one a compaction replaced meanwhile is gone already (the erasure scans again).
                    if (table.Snapshot.Files.GetValueOrDefault(Uri.UnescapeDataString(path)) is { } live)
                    {
                        actions.Add(live.Removed(table.NowMs, dataChange: true));
                    }
                }

                actions.AddRange(change.Adds.Select(a => (DeltaAction)a));
                if (await table.TryCommitAsync(actions, ct))
                {
                    break;
                }
            }
        }
    }

    /// <summary>Whether the leader's <paramref name="version"/> exists and was written by this writer.</summary>
    private async Task<bool> IsMineAsync(long version, CancellationToken ct)
    {
        try
        {
            await Leader.RefreshAsync(ct);
            return Leader.Snapshot.Version >= version &&
                   (await Leader.Log.ReadCommitInfoAsync(version, ct))?.Group?.Writer == _writer.Id;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private async Task<GroupManifest?> FindManifestAsync(long number, CancellationToken ct)
    {
        var leader = Leader;
        var version = await leader.Log.FindVersionAsync(Group.AppId, number, leader.Snapshot.Version, ct);
        return version is { } v ? (await leader.Log.ReadCommitInfoAsync(v, ct))?.Group : null;
    }

    private async Task<Dictionary<string, List<AddFile>>> WriteFilesAsync(TableChange leader, Dictionary<string, TableChange> members, long number,
        CancellationToken ct)
    {
        var jobs = new List<(string Table, FileSlice Slice)>();
        jobs.AddRange(leader.Files.Select(f => (Group.Leader, f)));
        foreach (var (name, change) in members)
        {
            jobs.AddRange(change.Files.Where(f => f.Rows.Rows > 0).Select(f => (name, f)));
        }

        var adds = new AddFile[jobs.Count];
        // Largest first, so that a big file does not run alone at the end; Parquet encoding is CPU-bound.
        var order = Enumerable.Range(0, jobs.Count).OrderByDescending(i => jobs[i].Slice.Rows.Rows);
        await Parallel.ForEachAsync(order, new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount },
            async (i, token) =>
            {
                var (table, slice) = jobs[i];
                adds[i] = await _tables[table].WriteFileAsync(slice.Rows, slice.Partition, tags: null, $"part-{number:D10}", token);
            });

        var byTable = Group.Tables.ToDictionary(t => t, _ => new List<AddFile>(), StringComparer.Ordinal);
        for (var i = 0; i < jobs.Count; i++)
        {
            byTable[jobs[i].Table].Add(adds[i]);
        }

        byTable[Group.Leader].AddRange(leader.Written);
        foreach (var (name, change) in members)
        {
            byTable[name].AddRange(change.Written);
        }

        return byTable;
    }

    /// <summary>Removes of every live file but the ones being added (a replacing commit).</summary>
    private static IEnumerable<DeltaAction> Removals(DeltaTable table, IReadOnlyCollection<AddFile> keep)
    {
        var kept = keep.Select(a => a.FilePath).ToHashSet(StringComparer.Ordinal);
        return table.Snapshot.OrderedFiles.Where(f => !kept.Contains(f.FilePath)).Select(f => (DeltaAction)f.Removed(table.NowMs, dataChange: true));
    }

    private TransactionAction Txn(long number) => new() { AppId = Group.AppId, Version = number };
}
