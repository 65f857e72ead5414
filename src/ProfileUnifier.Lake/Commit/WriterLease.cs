using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace ProfileUnifier.Lake.Commit;

/// <summary>
/// Who may write a lake: one writer at a time, the others waiting as hot standbys. Epochs are numbered
/// put-if-absent files under <c>_lease/</c>; the holder rewrites a heartbeat every second. A standby takes
/// the next epoch when the heartbeat has not changed for the lease time (measured on its own clock, so
/// clocks across machines need not agree) or says it was released. The lease only avoids wasted work: the
/// commit log's put-if-absent entries are what keep two writers from both committing.
/// </summary>
public sealed class WriterLease : IDisposable
{
    private const string Folder = "_lease";
    private const string HeartbeatFile = "heartbeat.json";
    private readonly string _folder;
    private readonly Timer _timer;
    private long _sequence;
    private bool _released;
    private bool _frozen;

    private WriterLease(string folder, long epoch, string owner, TimeSpan interval)
    {
        _folder = folder;
        Epoch = epoch;
        Owner = owner;
        WriteHeartbeat(released: false);
        _timer = new Timer(_ => Renew(), null, interval, interval);
    }

    public long Epoch { get; }

    public string Owner { get; }

    /// <summary>Waits until this process holds the lake's lease; <paramref name="waiting"/> is told once if it has to wait.</summary>
    public static async Task<WriterLease> AcquireAsync(string root, string owner, TimeSpan leaseTime, Action<string>? waiting,
        CancellationToken ct)
    {
        var folder = Path.Combine(root, Folder);
        Directory.CreateDirectory(folder);
        var poll = TimeSpan.FromMilliseconds(Math.Clamp(leaseTime.TotalMilliseconds / 10, 50, 1000));
        var unchanged = Stopwatch.StartNew();
        Heartbeat? seen = null;
        var told = false;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var highest = HighestEpoch(folder);
            var heartbeat = ReadHeartbeat(folder);
            if (heartbeat != seen)
            {
                seen = heartbeat;
                unchanged.Restart();
            }

            var free = highest == 0 || (heartbeat is { Released: true } && heartbeat.Epoch == highest) || unchanged.Elapsed >= leaseTime;
            if (free && TryClaim(folder, highest + 1, owner))
            {
                return new WriterLease(folder, highest + 1, owner, TimeSpan.FromMilliseconds(Math.Min(1000, leaseTime.TotalMilliseconds / 4)));
            }

            if (!told)
            {
                told = true;
                waiting?.Invoke(heartbeat is null ? "another writer holds the lake" : $"writer {heartbeat.Owner} holds the lake (epoch {heartbeat.Epoch})");
            }

            await Task.Delay(poll, ct);
        }
    }

    /// <summary>False once another writer has taken a later epoch: stop writing.</summary>
    public bool IsCurrent => !_released && HighestEpoch(_folder) == Epoch;

    /// <summary>Lets a standby take over at once (on a clean shutdown).</summary>
    public void Release()
    {
        if (_released || _frozen)
        {
            _released = true;
            return;
        }

        _timer.Change(Timeout.Infinite, Timeout.Infinite);
        if (HighestEpoch(_folder) == Epoch)
        {
            WriteHeartbeat(released: true);
        }

        _released = true;
    }

    /// <summary>Stops the heartbeat without releasing: what a hung or killed process looks like (tests).</summary>
    internal void Freeze()
    {
        _timer.Change(Timeout.Infinite, Timeout.Infinite);
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
            if (!_released && HighestEpoch(_folder) == Epoch)
            {
                WriteHeartbeat(released: false);
            }
        }
        catch (IOException)
        {
            // A missed beat is harmless; many in a row let a standby take over, which is right if the lake is unwritable.
        }
    }

    private void WriteHeartbeat(bool released)
    {
        var temp = Path.Combine(_folder, $".hb-{Guid.NewGuid():N}");
        File.WriteAllText(temp, JsonSerializer.Serialize(new Heartbeat(Epoch, Owner, Interlocked.Increment(ref _sequence), released)));
        File.Move(temp, Path.Combine(_folder, HeartbeatFile), overwrite: true);
    }

    private static bool TryClaim(string folder, long epoch, string owner)
    {
        var temp = Path.Combine(folder, $".claim-{Guid.NewGuid():N}");
        File.WriteAllText(temp, JsonSerializer.Serialize(new { epoch, owner, claimed_at = DateTime.UtcNow }));
        var claimed = NativeFileSystem.TryLinkNoReplace(temp, Path.Combine(folder, EpochName(epoch)));
        if (!claimed)
        {
            File.Delete(temp);
        }

        return claimed;
    }

    private static string EpochName(long epoch) => $"epoch-{epoch.ToString("D20", CultureInfo.InvariantCulture)}.json";

    private static long HighestEpoch(string folder)
    {
        var names = Directory.GetFiles(folder, "epoch-*.json");
        return names.Length == 0 ? 0 : names.Max(n => long.Parse(Path.GetFileNameWithoutExtension(n)[6..], CultureInfo.InvariantCulture));
    }

    private static Heartbeat? ReadHeartbeat(string folder)
    {
        try
        {
            return JsonSerializer.Deserialize<Heartbeat>(File.ReadAllText(Path.Combine(folder, HeartbeatFile)));
        }
        catch (Exception ex) when (ex is FileNotFoundException or JsonException or IOException)
        {
            return null;
        }
    }

    private sealed record Heartbeat(long Epoch, string Owner, long Sequence, bool Released);
}
