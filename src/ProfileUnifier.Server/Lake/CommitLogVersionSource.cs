using Microsoft.Extensions.Options;
using ProfileUnifier.Lake;

namespace ProfileUnifier.Server.Lake;

/// <summary>The number of the newest entry of the lake's commit log (<c>_log/NNN.json</c>, put-if-absent, so it only grows).</summary>
public sealed class CommitLogVersionSource(IOptions<LakeOptions> lake) : ILakeVersionSource
{
    private readonly string _log = Path.Combine(Path.GetFullPath(lake.Value.Root), LakePaths.Log);

    public long Current()
    {
        if (!Directory.Exists(_log))
        {
            return -1;
        }

        var newest = -1L;
        foreach (var file in Directory.EnumerateFiles(_log, "*.json"))
        {
            if (long.TryParse(Path.GetFileNameWithoutExtension(file), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var txn))
            {
                newest = Math.Max(newest, txn);
            }
        }

        return newest;
    }
}
