using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Privacy;
using ProfileUnifier.Lake.Snapshots;

namespace ProfileUnifier.Lake.Maintenance;

/// <summary>
/// What an erasure deletes at once instead of waiting for vacuum's retention: wherever an erased person may still be on
/// disk. In the tables only the lease holder writes (the batch tables and the identity snapshots), every data file the
/// current version does not name — files removed by a version, and files a crashed writer never committed — and temporary
/// files; the caller holds the lease, so no writer is about to commit one of them. In the other tables (written by
/// <c>rank</c>, which may be between writing a file and committing it), only files a committed version removed.
/// Readers of older versions lose them: that is the point.
/// </summary>
public sealed class LakePurge(LakeContext lake)
{
    public async Task<VacuumResult> RunAsync(IReadOnlySet<string> leaseTables, CancellationToken ct)
    {
        var deleted = 0;
        long bytes = 0;
        foreach (var folder in Directory.EnumerateDirectories(lake.Root).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            if (!name.StartsWith('_') && !name.StartsWith('.') && lake.Fs.DirectoryExists(Path.Combine(folder, DeltaLog.FolderName)))
            {
                (deleted, bytes) = Add((deleted, bytes), await PurgeTableAsync(folder, leaseTables.Contains(name), ct));
            }
        }

        // A pseudonymised lake's restricted table: the erasure's clean-up rewrote it (only the lease holder writes it).
        var vault = Path.Combine(lake.Root, IdentifierVault.TableName);
        if (lake.Fs.DirectoryExists(Path.Combine(vault, DeltaLog.FolderName)))
        {
            (deleted, bytes) = Add((deleted, bytes), await PurgeTableAsync(vault, underLease: true, ct));
        }

        var identity = Path.Combine(lake.Root, IdentityCheckpoints.FolderName);
        foreach (var leftover in lake.Fs.ListFiles(identity, ".*.tmp"))
        {
            lake.Fs.Delete(Path.Combine(identity, leftover));
            deleted++;
        }

        return new VacuumResult(deleted, bytes, DryRun: false);

        static (int, long) Add((int Files, long Bytes) a, (int Files, long Bytes) b) => (a.Files + b.Files, a.Bytes + b.Bytes);
    }

    private async Task<(int Files, long Bytes)> PurgeTableAsync(string folder, bool underLease, CancellationToken ct)
    {
        var deleted = 0;
        long bytes = 0;
        var log = new DeltaLog(folder, lake.Fs);
        var snapshot = await log.ReadLatestAsync(ct);
        foreach (var path in lake.Fs.ListFilesRecursive(folder).ToList())
        {
            var relative = Path.GetRelativePath(folder, path).Replace('\\', '/');
            if (relative.StartsWith(DeltaLog.FolderName + "/", StringComparison.Ordinal) || snapshot.Files.ContainsKey(relative) ||
                !(underLease || snapshot.Tombstones.ContainsKey(relative)))
            {
                continue;
            }

            bytes += lake.Fs.Length(path);
            lake.Fs.Delete(path);
            deleted++;
        }

        if (underLease)
        {
            foreach (var leftover in log.Leftovers().ToList())
            {
                lake.Fs.Delete(leftover);
                deleted++;
            }
        }

        return (deleted, bytes);
    }
}
