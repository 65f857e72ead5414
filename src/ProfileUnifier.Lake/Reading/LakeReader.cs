using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Groups;
using ProfileUnifier.Lake.Storage;

namespace ProfileUnifier.Lake.Reading;

/// <summary>
/// Opens a lake for reading: every table's latest version from its own log (no writes, no repairs), then each
/// group lined up on the newest commit all its tables have — so a reader never sees a batch's touchpoints
/// without its rejected lines, even while a writer is between the two commits.
/// </summary>
public static class LakeReader
{
    public static async Task<LakeVersion> ReadAsync(string root, CancellationToken ct) => await ReadAsync(root, LocalFileSystem.Instance, ct);

    public static async Task<LakeVersion> ReadAsync(string root, ILakeFileSystem fs, CancellationToken ct)
    {
        var full = Path.GetFullPath(root);
        if (!fs.DirectoryExists(full))
        {
            throw new DirectoryNotFoundException($"no lake at {full}");
        }

        LegacyLake.ThrowIfLegacy(full, fs);
        var tables = new Dictionary<string, DeltaSnapshot>(StringComparer.Ordinal);
        foreach (var folder in Directory.EnumerateDirectories(full).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            if (name.StartsWith('_') || name.StartsWith('.') || !fs.DirectoryExists(Path.Combine(folder, DeltaLog.FolderName)))
            {
                continue;
            }

            var snapshot = await new DeltaLog(folder, fs).ReadLatestAsync(ct);
            if (snapshot.Version >= 0)
            {
                tables[name] = snapshot;
            }
        }

        foreach (var group in TableGroup.All)
        {
            await AlignAsync(group, tables, fs, ct);
        }

        return new LakeVersion(full, tables);
    }

    /// <summary>
    /// Moves the tables of a group that are ahead of the others back to the commit all of them have (a member that has
    /// no version yet has none: then the others are read as they were before the group's first commit).
    /// </summary>
    private static async Task AlignAsync(TableGroup group, Dictionary<string, DeltaSnapshot> tables, ILakeFileSystem fs, CancellationToken ct)
    {
        var present = group.Tables.Where(tables.ContainsKey).ToList();
        if (present.Count == 0)
        {
            return;
        }

        var common = group.Tables.Min(t => tables.TryGetValue(t, out var s) ? s.TransactionVersion(group.AppId) ?? 0 : 0);
        foreach (var table in present)
        {
            var snapshot = tables[table];
            if ((snapshot.TransactionVersion(group.AppId) ?? 0) > common)
            {
                var log = new DeltaLog(snapshot.TableRoot, fs);
                var version = await log.FindStateVersionAsync(group.AppId, common, snapshot.Version, ct);
                if (version is < 0)
                {
                    tables.Remove(table);
                }
                else if (version is { } v)
                {
                    tables[table] = await log.ReadAsync(v, ct);
                }
            }
        }
    }
}
