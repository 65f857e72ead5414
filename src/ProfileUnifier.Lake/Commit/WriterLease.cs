using System.Globalization;
using System.Text.Json;
using ProfileUnifier.Lake.Storage;

namespace ProfileUnifier.Lake.Commit;

/// <summary>
/// Who may write the lake's batches: one writer at a time (a <c>run</c> worker or an <c>ingest</c>), the others
/// waiting as standbys. Epochs are numbered put-if-absent files under <c>_lease/</c>; the holder rewrites a
/// heartbeat every second. A standby takes the next epoch when the heartbeat has not changed for the lease time
/// (measured on its own clock, so clocks across machines need not agree) or says it was released. The lease only
/// saves wasted work: the Delta log's put-if-absent versions are what keep a writer that only seemed dead from
/// committing anything twice (docs/lake.md, "Fencing"). A process that needs the lake for a short while (<c>forget</c>)
/// asks for it with a <see cref="HandOffRequest"/>: a worker that sees one commits what it read, releases the lease and
/// stands by until the request is gone; standbys do not take the lake from under a live request.
/// </summary>
public sealed class WriterLease : IDisposable
{
    public const string FolderName = "_lease";
    private const string HeartbeatFile = "heartbeat.json";

    /// <summary>A request not renewed for this long is from a process that died: it is ignored.</summary>
    internal static readonly TimeSpan RequestLifetime = TimeSpan.FromSeconds(30);

    private readonly string _folder;
    private readonly ILakeFileSystem _fs;
    private readonly TimeProvider _clock;
    private readonly ITimer _timer;
    private long _sequence;
    private bool _released;
    private bool _frozen;

    private WriterLease(string folder, ILakeFileSystem fs, TimeProvider clock, long epoch, string owner, TimeSpan interval)
    {
        _folder = folder;
        _fs = fs;
        _clock = clock;
        Epoch = epoch;
        Owner = owner;
        WriteHeartbeat(released: false);
        _timer = clock.CreateTimer(_ => Renew(), null, interval, interval);
    }

    public long Epoch { get; }

    public string Owner { get; }

    /// <summary>
    /// Waits until this process holds the lease. <paramref name="waiting"/> is told once who holds it;
    /// <paramref name="whileWaiting"/> runs between polls (a standby keeps its state warm there); after
    /// <paramref name="giveUpAfter"/> of a live holder, <see cref="LakeBusyException"/> says who it is.
    /// </summary>
    public static async Task<WriterLease> AcquireAsync(LakeContext lake, string owner, TimeSpan leaseTime, Action<string>? waiting,
        Func<CancellationToken, Task>? whileWaiting, TimeSpan? giveUpAfter, CancellationToken ct)
    {
        var (fs, clock) = (lake.Fs, lake.Clock);
        var folder = Path.Combine(lake.Root, FolderName);
        fs.CreateDirectory(folder);
        var poll = TimeSpan.FromMilliseconds(Math.Clamp(leaseTime.TotalMilliseconds / 10, 50, 1000));
        var started = clock.GetTimestamp();
        var unchangedSince = started;
        Heartbeat? seen = null;
        var told = false;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var highest = HighestEpoch(fs, folder);
            var heartbeat = ReadHeartbeat(fs, folder);
            if (heartbeat != seen)
            {
                seen = heartbeat;
                unchangedSince = clock.GetTimestamp();
            }

            var free = (highest == 0 || (heartbeat is { Released: true } && heartbeat.Epoch == highest) ||
                        clock.GetElapsedTime(unchangedSince) >= leaseTime) &&
                       !HandOffRequest.Pending(fs, folder, clock).Any(r => r != owner);
            if (free && TryClaim(fs, folder, highest + 1, owner, clock))
            {
                return new WriterLease(folder, fs, clock, highest + 1, owner, TimeSpan.FromMilliseconds(Math.Min(1000, leaseTime.TotalMilliseconds / 4)));
            }

            var holder = heartbeat is null ? "another writer" : $"{heartbeat.Owner} (epoch {heartbeat.Epoch})";
            if (!told)
            {
                told = true;
                waiting?.Invoke(holder);
            }

            if (giveUpAfter is { } limit && clock.GetElapsedTime(started) >= limit)
            {
                throw new LakeBusyException($"the lake {lake.Root} is being written by {holder}; only one writer of batches at a time (stop it, or let it finish)");
            }

            if (whileWaiting is not null)
            {
                await whileWaiting(ct);
            }

            await Task.Delay(poll, clock, ct);
        }
    }

    /// <summary>False once another writer has taken a later epoch: stop writing.</summary>
    public bool IsCurrent => !_released && HighestEpoch(_fs, _folder) == Epoch;

    /// <summary>Who (besides this holder) has asked for the lake and is still waiting; empty when nobody has.</summary>
    public IReadOnlyList<string> HandOffRequests => [.. HandOffRequest.Pending(_fs, _folder, _clock).Where(r => r != Owner)];

    /// <summary>Lets a standby take over at once (on a clean shutdown).</summary>
    public void Release()
    {
        if (_released || _frozen)
        {
            _released = true;
            return;
        }

        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (HighestEpoch(_fs, _folder) == Epoch)
        {
            WriteHeartbeat(released: true);
        }

        _released = true;
    }

    /// <summary>Stops the heartbeat without releasing: what a hung or killed process looks like to the others.</summary>
    public void Freeze()
    {
        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _frozen = true;
    }

    public void Dispose()
    {
        Release();
        _timer.Dispose();
    }

    private void Renew()
    {
        try
        {
            if (!_released && !_frozen && HighestEpoch(_fs, _folder) == Epoch)
            {
                WriteHeartbeat(released: false);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A missed beat is harmless; many in a row let a standby take over, which is right if the lake is unwritable.
            // Nothing may escape: this runs on a timer, where an exception ends the process (the writer's own next
            // file operation meets the same fault and reports it).
        }
    }

    private void WriteHeartbeat(bool released)
    {
        var temp = Path.Combine(_folder, $".hb-{Guid.NewGuid():N}");
        using (var stream = _fs.CreateNew(temp))
        {
            JsonSerializer.Serialize(stream, new Heartbeat(Epoch, Owner, Interlocked.Increment(ref _sequence), released));
        }

        _fs.Replace(temp, Path.Combine(_folder, HeartbeatFile));
    }

    private static bool TryClaim(ILakeFileSystem fs, string folder, long epoch, string owner, TimeProvider clock)
    {
        var temp = Path.Combine(folder, $".claim-{Guid.NewGuid():N}");
        using (var stream = fs.CreateNew(temp))
        {
            JsonSerializer.Serialize(stream, new { epoch, owner, claimed_at = clock.GetUtcNow() });
        }

        return fs.TryPublish(temp, Path.Combine(folder, EpochName(epoch)));
    }

    private static string EpochName(long epoch) => $"epoch-{epoch.ToString("D20", CultureInfo.InvariantCulture)}.json";

    private static long HighestEpoch(ILakeFileSystem fs, string folder)
    {
        var names = fs.ListFiles(folder, "epoch-*.json");
        return names.Count == 0 ? 0 : names.Max(n => long.Parse(Path.GetFileNameWithoutExtension(n)[6..], CultureInfo.InvariantCulture));
    }

    private static Heartbeat? ReadHeartbeat(ILakeFileSystem fs, string folder)
    {
        try
        {
            return JsonSerializer.Deserialize<Heartbeat>(fs.ReadAllBytes(Path.Combine(folder, HeartbeatFile)));
        }
        catch (Exception ex) when (ex is FileNotFoundException or JsonException or IOException)
        {
            return null;
        }
    }

    private sealed record Heartbeat(long Epoch, string Owner, long Sequence, bool Released);
}

/// <summary>Another live writer holds the lake's writer lease.</summary>
public sealed class LakeBusyException(string message) : Exception(message);
