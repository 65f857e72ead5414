using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Lake.Commit;

/// <summary>
/// One atomic change to the lake. Files are staged under <c>_staging/&lt;txn&gt;/</c> and fsynced;
/// <see cref="CommitAsync"/> writes the log entry (the commit point), then renames the files into place.
/// Until then readers see nothing of it; after a crash, the next open finishes or discards it.
/// </summary>
public sealed class LakeTransaction
{
    private readonly LakeStore _lake;
    private readonly List<CommittedFile> _files = [];
    private bool _done;

    internal LakeTransaction(LakeStore lake, long txn)
    {
        _lake = lake;
        Txn = txn;
        StagingFolder = Path.Combine(lake.Root, LakePaths.Staging, txn.ToString("D20", System.Globalization.CultureInfo.InvariantCulture));
    }

    public long Txn { get; }

    public string StagingFolder { get; }

    public List<InputPosition> Inputs { get; } = [];

    public List<KafkaPosition> Kafka { get; } = [];

    public CommitCounts Counts { get; set; } = new(0, 0, 0, 0);

    public IReadOnlyList<CommittedFile> Files => _files;

    /// <summary>Stages a file for a table; <paramref name="relativePath"/> is where it goes, relative to the root.</summary>
    public Task StageAsync(string table, string relativePath, TableBuffer rows, CancellationToken ct) =>
        StageManyAsync([(table, relativePath, rows.All)], ct);

    /// <summary>Stages several files of a table, encoding them in parallel (Parquet encoding is CPU-bound).</summary>
    public Task StageManyAsync(string table, IReadOnlyList<(string RelativePath, TableSlice Rows)> files, CancellationToken ct) =>
        StageManyAsync(files.Select(f => (table, f.RelativePath, f.Rows)).ToList(), ct);

    /// <summary>
    /// Stages files of any tables, encoding them in parallel (Parquet encoding is CPU-bound). Larger files are
    /// started first, so that a big one does not run alone at the end; the entry lists them in the given order.
    /// </summary>
    public async Task StageManyAsync(IReadOnlyList<(string Table, string RelativePath, TableSlice Rows)> files, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        Directory.CreateDirectory(StagingFolder);
        var first = _files.Count;
        var staged = new CommittedFile[files.Count];
        var largestFirst = Enumerable.Range(0, files.Count).OrderByDescending(i => files[i].Rows.Rows);
        await Parallel.ForEachAsync(largestFirst,
            new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount },
            async (i, token) =>
            {
                var (table, relativePath, rows) = files[i];
                // Flat names in staging: one folder to create, whatever the number of partitions.
                var name = Path.Combine(LakePaths.Staging, Path.GetFileName(StagingFolder), $"{first + i:D6}{LakePaths.StagedSuffix}");
                await using var stream = new FileStream(Path.Combine(_lake.Root, name), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
                await rows.WriteAsync(stream, _lake.Options, token);
                staged[i] = new CommittedFile(table, relativePath.Replace('\\', '/'), name.Replace('\\', '/'), rows.Rows, stream.Length);
            });
        _files.AddRange(staged);
    }

    /// <summary>
    /// Makes the transaction durable and visible. Throws <see cref="LakeConflictException"/> if fenced. A
    /// failure before the log entry is durable discards the transaction (retry with a new one); a failure
    /// after it leaves a committed transaction whose files are not all in place yet:
    /// <see cref="LakeStore.Unapplied"/> says so, and <see cref="LakeStore.CompleteAsync"/> finishes it.
    /// </summary>
    public async Task<CommitEntry> CommitAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        _done = true;
        var entry = new CommitEntry
        {
            Txn = Txn,
            Writer = _lake.WriterId,
            CommittedAt = DateTime.UtcNow,
            Files = [.. _files],
            Inputs = [.. Inputs],
            Kafka = [.. Kafka],
            Counts = Counts,
        };

        try
        {
            // Staged files must be durable before the entry that names them is.
            if (_files.Count > 0)
            {
                NativeFileSystem.SyncFiles(StagingFolder, _files.Select(f => Path.Combine(_lake.Root, f.Staged)));
            }

            await _lake.FaultAsync(CommitStep.FilesStaged);
            if (!_lake.Log.TryAppend(entry))
            {
                throw new LakeConflictException(Txn);
            }
        }
        catch
        {
            Discard();
            throw;
        }

        await _lake.CommittedAsync(entry, ct);
        return entry;
    }

    /// <summary>Drops everything staged; nothing of the transaction becomes visible.</summary>
    public void Abort()
    {
        if (!_done)
        {
            _done = true;
            Discard();
        }
    }

    private void Discard()
    {
        if (Directory.Exists(StagingFolder))
        {
            Directory.Delete(StagingFolder, recursive: true);
        }

        _lake.ReleaseTransaction(this);
    }
}
