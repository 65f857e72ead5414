using ProfileUnifier.Lake.Commit;

namespace ProfileUnifier.Lake;

/// <summary>
/// A lake root opened for writing: recovers from any crash (finishes the last committed transaction,
/// discards uncommitted staging), then hands out transactions one at a time.
/// </summary>
public sealed class LakeStore
{
    private readonly Func<CommitStep, Task>? _faults;
    private LakeTransaction? _open;

    private LakeStore(LakeOptions options, Func<CommitStep, Task>? faults)
    {
        Options = options;
        Root = Path.GetFullPath(options.Root);
        Log = new CommitLog(Root);
        _faults = faults;
        WriterId = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    }

    public LakeOptions Options { get; }

    public string Root { get; }

    public CommitLog Log { get; }

    public string WriterId { get; }

    public LakeState State { get; private set; } = new();

    /// <summary>A committed transaction whose files are not all in place (the renames failed): finish it with <see cref="CompleteAsync"/>.</summary>
    public CommitEntry? Unapplied { get; private set; }

    /// <param name="faults">Test hook: called at each commit step; throw to simulate a crash there.</param>
    public static async Task<LakeStore> OpenAsync(LakeOptions options, CancellationToken ct, Func<CommitStep, Task>? faults = null)
    {
        var lake = new LakeStore(options, faults);
        Directory.CreateDirectory(lake.Root);
        await lake.RecoverAsync(ct);
        return lake;
    }

    /// <summary>Reads the log again (after another writer committed) and repairs what a crash left.</summary>
    public async Task RecoverAsync(CancellationToken ct)
    {
        Log.RemoveLeftovers();
        var entries = Log.ReadAll();
        var state = new LakeState();
        foreach (var entry in entries)
        {
            state.Apply(entry);
        }

        if (entries.Count > 0)
        {
            // Only the last entry can be half applied: a new transaction starts after the previous is in place.
            await ApplyAsync(entries[^1], ct);
        }

        var staging = Path.Combine(Root, LakePaths.Staging);
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        State = state;
    }

    public LakeTransaction Begin()
    {
        if (Unapplied is not null)
        {
            throw new InvalidOperationException($"transaction {Unapplied.Txn} is committed but not applied; call CompleteAsync first");
        }

        if (_open is not null)
        {
            throw new InvalidOperationException($"transaction {_open.Txn} is still open");
        }

        _open = new LakeTransaction(this, State.LastTxn + 1);
        return _open;
    }

    /// <summary>The log entry of the open transaction is durable: it is committed. Now put its files in place.</summary>
    internal async Task CommittedAsync(CommitEntry entry, CancellationToken ct)
    {
        State.Apply(entry);
        _open = null;
        Unapplied = entry;
        await FaultAsync(CommitStep.LogWritten);
        await CompleteAsync(ct);
    }

    /// <summary>Finishes putting the files of a committed transaction in place (idempotent).</summary>
    public async Task CompleteAsync(CancellationToken ct)
    {
        if (Unapplied is not { } entry)
        {
            return;
        }

        await ApplyAsync(entry, ct);
        var staging = Path.Combine(Root, LakePaths.Staging, entry.Txn.ToString("D20", System.Globalization.CultureInfo.InvariantCulture));
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        Unapplied = null;
        await FaultAsync(CommitStep.Applied);
    }

    private async Task ApplyAsync(CommitEntry entry, CancellationToken ct)
    {
        var created = new HashSet<string>(StringComparer.Ordinal);
        var moved = false;
        foreach (var file in entry.Files)
        {
            ct.ThrowIfCancellationRequested();
            var staged = Path.Combine(Root, file.Staged);
            var final = Path.Combine(Root, file.Path);
            if (!File.Exists(staged))
            {
                // Already renamed by an earlier attempt.
                continue;
            }

            var folder = Path.GetDirectoryName(final)!;
            if (created.Add(folder))
            {
                Directory.CreateDirectory(folder);
            }

            File.Move(staged, final, overwrite: true);
            moved = true;
            await FaultAsync(CommitStep.FileRenamed);
        }

        if (moved)
        {
            // The renames must be durable before the next transaction builds on them.
            NativeFileSystem.SyncFiles(Root, []);
        }
    }

    internal void ReleaseTransaction(LakeTransaction transaction)
    {
        if (ReferenceEquals(_open, transaction))
        {
            _open = null;
        }
    }

    internal Task FaultAsync(CommitStep step) => _faults?.Invoke(step) ?? Task.CompletedTask;
}
