using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProfileUnifier.Lake;
using ProfileUnifier.Query;

namespace ProfileUnifier.Server.Lake;

/// <summary>
/// The version of the lake requests read. <see cref="Refresh"/> opens a new version (and builds its index)
/// beside the current one when <see cref="ILakeVersionSource"/> reports a newer one, then swaps it in, so a
/// request never waits for an index build and never sees half of one.
/// </summary>
public sealed class LakeCatalog(ILakeVersionSource versions, IOptions<LakeOptions> lake, ExportFolder exports, ILogger<LakeCatalog> logger) : IDisposable
{
    private ServedLake? _current;

    /// <summary>Opens the newest version if it is not the one served; returns true when it swapped.</summary>
    public bool Refresh()
    {
        var version = versions.Current();
        if (_current is { } served && served.Version == version)
        {
            return false;
        }

        var started = TimeProvider.System.GetTimestamp();
        var next = new ServedLake(version, LakeDatabase.Open(lake.Value.Root, [exports.Path]));
        Interlocked.Exchange(ref _current, next)?.Retire();
        logger.LogInformation("Serving lake version {Version}: {Profiles} profiles, {Accounts} accounts indexed in {Ms:F0} ms",
            version, next.Index.Profiles.Count, next.Index.Accounts.Count, TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
        return true;
    }

    /// <summary>The served version, held until the lease is disposed.</summary>
    public Lease Acquire()
    {
        while (true)
        {
            var lake = Volatile.Read(ref _current) ?? throw new InvalidOperationException("the lake is not loaded yet");
            if (lake.TryEnter())
            {
                return new Lease(lake);
            }
        }
    }

    public void Dispose() => Interlocked.Exchange(ref _current, null)?.Retire();

    /// <summary>A request's hold on one version.</summary>
    public readonly struct Lease(ServedLake lake) : IDisposable
    {
        public ServedLake Lake { get; } = lake;

        public void Dispose() => Lake.Exit();
    }
}
