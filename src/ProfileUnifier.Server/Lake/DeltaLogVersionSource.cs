using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using ProfileUnifier.Lake;
using ProfileUnifier.Lake.Delta;

namespace ProfileUnifier.Server.Lake;

/// <summary>
/// The sum of every table's newest Delta version: it grows whenever any table gets a commit (versions only grow), so a
/// change means "a new lake version to index". Each table's newest version is found by probing for the next commit file
/// from the last one seen, not by listing a log folder that can hold thousands of files.
/// </summary>
public sealed class DeltaLogVersionSource(IOptions<LakeOptions> lake) : ILakeVersionSource
{
    private readonly string _root = Path.GetFullPath(lake.Value.Root);
    private readonly ConcurrentDictionary<string, long> _seen = new(StringComparer.Ordinal);

    public long Current()
    {
        if (!Directory.Exists(_root))
        {
            return -1;
        }

        long sum = 0;
        foreach (var table in Directory.EnumerateDirectories(_root))
        {
            var log = Path.Combine(table, DeltaLog.FolderName);
            if (Path.GetFileName(table).StartsWith('_') || !Directory.Exists(log))
            {
                continue;
            }

            var version = _seen.GetValueOrDefault(table, -1);
            while (File.Exists(Path.Combine(log, DeltaLog.CommitName(version + 1))))
            {
                version++;
            }

            _seen[table] = version;
            sum += version + 1;
        }

        return sum - 1;
    }
}
