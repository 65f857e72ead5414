using System.Globalization;
using System.IO.Hashing;
using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Parquet;
using ProfileUnifier.Lake.Storage;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Lake.Snapshots;

/// <summary>
/// Keeps one snapshot table (one row per key: identities, profiles, accounts, signatures) equal to the engine's
/// state by copy-on-write of hash buckets: rows go to bucket hash(key) mod B, each bucket is one file tagged with
/// the hash of its content, and a refresh rewrites only the buckets whose content changed — one Delta commit of
/// removes and adds, marked with the batch it reflects (txn <see cref="AppId"/>). B grows with the table so a
/// bucket stays under <see cref="LakeOptions.SnapshotBucketRows"/>; changing B rewrites every bucket once.
/// </summary>
public sealed class SnapshotTableWriter
{
    public const string AppId = "profileunifier/snapshot";
    private const string BucketTag = "profileunifier.bucket";
    private const string ContentTag = "profileunifier.content";

    // A bucket is split into row groups of at least this many rows to be encoded side by side.
    private const int MinRowsPerPart = 32_768;

    private readonly DeltaTable _table;
    private readonly LakeOptions _options;
    private readonly ILakeFileSystem _fs;

    public SnapshotTableWriter(DeltaTable table, LakeOptions options, ILakeFileSystem fs)
    {
        _table = table;
        _options = options;
        _fs = fs;
    }

    public DeltaTable Table => _table;

    /// <summary>The batch the table reflects (0: none yet).</summary>
    public long Batch => _table.Snapshot.TransactionVersion(AppId) ?? 0;

    /// <summary>
    /// Writes the rows (all of them, in a stable order) as of <paramref name="batch"/>. Returns what it changed;
    /// nothing is committed when no bucket changed. A lost version (another writer refreshed first) is retried on
    /// the new state, unless that state already reflects a later batch.
    /// </summary>
    public async Task<SnapshotRefresh> RefreshAsync<TRow>(IReadOnlyList<TRow> rows, Func<TRow, string> key, Func<TableBuffer> newBuffer,
        Action<TableBuffer, IEnumerable<TRow>> fill, long batch, CancellationToken ct)
    {
        var buckets = BucketCount(rows.Count);
        var byBucket = buckets == 1 ? [rows] : ByBucket(rows, key, buckets);
        var wanted = new (TableBuffer Rows, string Content)[buckets];
        for (var b = 0; b < buckets; b++)
        {
            var buffer = newBuffer();
            buffer.Reserve(byBucket[b].Count);
            fill(buffer, byBucket[b]);
            wanted[b] = (buffer, ContentHash(buffer));
        }

        try
        {
            return await CommitAsync(wanted, batch, ct);
        }
        finally
        {
            // The columns' arrays back to their pools: the next refresh fills the same memory. Left to the GC, a 10M-event
            // lake's signatures (UTF-8 ids past the 4 MB of a large object) took fresh memory at every refresh, ~3,400 page
            // faults of ~11 µs each in a slow hour, against a few hundred for the 1M-event lake's.
            foreach (var (buffer, _) in wanted)
            {
                buffer.Release();
            }
        }
    }

    /// <summary>Commits the buckets whose content changed (and drops stale files), retrying on the table's new state.</summary>
    private async Task<SnapshotRefresh> CommitAsync((TableBuffer Rows, string Content)[] wanted, long batch, CancellationToken ct)
    {
        var buckets = wanted.Length;
        while (true)
        {
            await _table.RefreshAsync(ct);
            if (Batch > batch)
            {
                return new SnapshotRefresh(_table.Name, 0, 0, 0);
            }

            var live = Live(buckets);
            var changed = Enumerable.Range(0, buckets).Where(b => live.GetValueOrDefault(b)?.Tags?.GetValueOrDefault(ContentTag) != wanted[b].Content).ToList();
            var stale = _table.Snapshot.OrderedFiles.Where(f => !IsCurrentBucket(f, buckets) || changed.Contains(BucketOf(f)!.Value.Bucket)).ToList();
            if (changed.Count == 0 && stale.Count == 0 && Batch == batch)
            {
                return new SnapshotRefresh(_table.Name, 0, 0, 0);
            }

            // Fewer changed buckets than cores (a table of one bucket, as the signatures' are up to 250,000 rows): each is
            // encoded in parts side by side, or it ends alone on one core after the other tables are done.
            var partsPerBucket = Math.Max(1, Environment.ProcessorCount / Math.Max(1, changed.Count));
            var adds = new AddFile[changed.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, changed.Count),
                new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount }, async (i, token) =>
                {
                    var b = changed[i];
                    var tags = new Dictionary<string, string>
                    {
                        [BucketTag] = string.Create(CultureInfo.InvariantCulture, $"{b}/{buckets}"),
                        [ContentTag] = wanted[b].Content,
                    };
                    var parts = Math.Clamp(wanted[b].Rows.Rows / MinRowsPerPart, 1, partsPerBucket);
                    adds[i] = await _table.WriteFileInPartsAsync(wanted[b].Rows.All, parts, tags, $"bucket-{b:D4}", token);
                });
            _fs.SyncData(_table.Root);

            var actions = _table.Preamble(DeltaSchema.Of(wanted[0].Rows.Columns, []), [], "WRITE");
            actions.Add(new TransactionAction { AppId = AppId, Version = batch });
            actions.AddRange(stale.Select(f => (DeltaAction)f.Removed(_table.NowMs, dataChange: true)));
            actions.AddRange(adds.Select(a => (DeltaAction)a));
            if (await _table.TryCommitAsync(actions, ct))
            {
                return new SnapshotRefresh(_table.Name, changed.Count, buckets, adds.Sum(a => a.Size));
            }
        }
    }

    private static IReadOnlyList<TRow>[] ByBucket<TRow>(IReadOnlyList<TRow> rows, Func<TRow, string> key, int buckets)
    {
        var byBucket = new List<TRow>[buckets];
        for (var b = 0; b < buckets; b++)
        {
            byBucket[b] = [];
        }

        foreach (var row in rows)
        {
            byBucket[Bucket(key(row), buckets)].Add(row);
        }

        return byBucket;
    }

    private int BucketCount(int rows)
    {
        var buckets = 1;
        while (buckets < 4096 && (long)buckets * _options.SnapshotBucketRows < rows)
        {
            buckets *= 2;
        }

        // Keep the current layout unless the table outgrew it or shrank to a quarter: no rewrite of everything on every wobble.
        var current = _table.Snapshot.Files.Values.Select(f => BucketOf(f)?.Of).FirstOrDefault(c => c is not null);
        return current is { } c && buckets <= c && buckets * 4 > c ? c : buckets;
    }

    private Dictionary<int, AddFile> Live(int buckets)
    {
        var live = new Dictionary<int, AddFile>();
        foreach (var file in _table.Snapshot.Files.Values)
        {
            if (BucketOf(file) is { } b && b.Of == buckets)
            {
                live[b.Bucket] = file;
            }
        }

        return live;
    }

    private static bool IsCurrentBucket(AddFile file, int buckets) => BucketOf(file) is { } b && b.Of == buckets;

    private static (int Bucket, int Of)? BucketOf(AddFile file)
    {
        if (file.Tags?.GetValueOrDefault(BucketTag) is not { } tag || tag.Split('/') is not [var b, var of])
        {
            return null;
        }

        return (int.Parse(b, CultureInfo.InvariantCulture), int.Parse(of, CultureInfo.InvariantCulture));
    }

    private static int Bucket(string key, int buckets) => (int)(XxHash3.HashToUInt64(System.Text.Encoding.UTF8.GetBytes(key)) % (ulong)buckets);

    private static string ContentHash(TableBuffer rows)
    {
        var hash = new ContentHasher();
        foreach (var column in rows.Columns)
        {
            hash.Append(System.Text.Encoding.UTF8.GetBytes(column.Name));
            column.AppendHash(hash, 0, rows.Rows);
        }

        return Convert.ToHexStringLower(hash.GetCurrentHash());
    }
}

/// <summary>What a snapshot refresh did to one table: buckets rewritten of how many, and bytes written.</summary>
public sealed record SnapshotRefresh(string Table, int BucketsWritten, int Buckets, long Bytes);
