using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Snapshots;

namespace ProfileUnifier.Lake.Maintenance;

/// <summary>
/// VACUUM: deletes the data files no current version needs once they have been unneeded for the retention period —
/// files a version removed longer ago than that (readers of older versions had that long), and files no version
/// ever named (a writer that crashed before its commit, or lost it) older than that (a writer may still be about
/// to commit a younger one). Live files are never touched. Also clears temporary files crashes left.
/// </summary>
public sealed class LakeVacuum(LakeContext lake)
{
    public async Task<VacuumResult> RunAsync(TimeSpan retention, bool dryRun, CancellationToken ct)
    {
        var cutoff = lake.Clock.GetUtcNow() - retention;
        var deleted = new List<string>();
        long bytes = 0;
        foreach (var folder in Directory.EnumerateDirectories(lake.Root).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            if (name.StartsWith('_') || name.StartsWith('.') || !lake.Fs.DirectoryExists(Path.Combine(folder, DeltaLog.FolderName)))
            {
                continue;
            }

            var snapshot = await new DeltaLog(folder, lake.Fs).ReadLatestAsync(ct);
            foreach (var path in lake.Fs.ListFilesRecursive(folder).ToList())
            {
                var relative = Path.GetRelativePath(folder, path).Replace('\\', '/');
                if (relative.StartsWith(DeltaLog.FolderName + "/", StringComparison.Ordinal) || snapshot.Files.ContainsKey(relative))
                {
                    continue;
                }

                var unneededSince = snapshot.Tombstones.TryGetValue(relative, out var removed) && removed.DeletionTimestamp is { } at
                    ? DateTimeOffset.FromUnixTimeMilliseconds(at)
                    : new DateTimeOffset(lake.Fs.LastWriteTimeUtc(path));
                if (unneededSince < cutoff)
                {
                    bytes += lake.Fs.Length(path);
                    deleted.Add(path);
                }
            }

            foreach (var leftover in new DeltaLog(folder, lake.Fs).Leftovers().Where(p => lake.Fs.LastWriteTimeUtc(p) < cutoff.UtcDateTime))
            {
                deleted.Add(leftover);
            }
        }

        var identity = Path.Combine(lake.Root, IdentityCheckpoints.FolderName);
        deleted.AddRange(lake.Fs.ListFiles(identity, ".*.tmp").Select(n => Path.Combine(identity, n))
            .Where(p => lake.Fs.LastWriteTimeUtc(p) < cutoff.UtcDateTime));
        if (!dryRun)
        {
            foreach (var path in deleted)
            {
                lake.Fs.Delete(path);
            }

            RemoveEmptyFolders(lake.Root, cutoff.UtcDateTime);
        }

        return new VacuumResult(deleted.Count, bytes, dryRun);
    }

    /// <summary>Partition folders emptied long enough ago (a writer may have just made a folder for a file it is about to write).</summary>
    private static void RemoveEmptyFolders(string root, DateTime cutoff)
    {
        foreach (var folder in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories).OrderByDescending(f => f.Length))
        {
            if (!Path.GetFileName(folder).StartsWith('_') && Directory.GetLastWriteTimeUtc(folder) < cutoff &&
                !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }
        }
    }
}

/// <summary>What vacuum deleted (or would, on a dry run).</summary>
public sealed record VacuumResult(int Files, long Bytes, bool DryRun);
