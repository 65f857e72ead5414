using System.Diagnostics;
using System.Globalization;
using System.Text;
using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Groups;
using ProfileUnifier.Lake.Storage;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Tests;

/// <summary>A verb of the built executable as a real child process, to kill with SIGKILL, freeze with SIGSTOP or stop with SIGTERM.</summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Timer _memory;
    private long _peakResident;

    private CliProcess(string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "profileunifier.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _memory = new Timer(_ => SampleMemory(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
    }

    /// <summary>The process's peak resident set size (Linux VmHWM), as last sampled (every 100 ms while it runs).</summary>
    public long PeakResidentBytes => Interlocked.Read(ref _peakResident);

    /// <summary>`profileunifier run` on the scenario's topics (its group unless another is given).</summary>
    /// <param name="environment">More PROFILEUNIFIER_* settings (the health endpoint listens on a free port unless one is given).</param>
    public static CliProcess Run(KafkaScenario scenario, string lake, IReadOnlyDictionary<string, string>? environment = null, string? groupId = null)
    {
        // Classic groups with a short session: a killed worker's partitions free up in seconds.
        var settings = new Dictionary<string, string>
        {
            ["PROFILEUNIFIER_Kafka__SessionTimeoutMs"] = "6000",
            ["PROFILEUNIFIER_Kafka__RejectedTopic"] = scenario.RejectedTopic,
            ["PROFILEUNIFIER_Worker__CommitInterval"] = "00:00:00.300",
            ["PROFILEUNIFIER_Worker__MaxBatchLines"] = "500",
            ["PROFILEUNIFIER_Worker__LeaseTime"] = "00:00:03",
            ["PROFILEUNIFIER_Worker__StatusInterval"] = "00:00:01",
            ["PROFILEUNIFIER_Health__Urls"] = "http://127.0.0.1:0",
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            settings[name] = value;
        }

        return new CliProcess(Path.GetDirectoryName(lake)!, ["run", "--bootstrap-servers", scenario.Broker.BootstrapServers, "--lake", lake,
            "--group-id", groupId ?? scenario.GroupId, "--group-protocol", "classic", "--topics", .. scenario.Topics], settings);
    }

    /// <summary>`profileunifier ingest` of the given inputs.</summary>
    public static CliProcess Ingest(string lake, IEnumerable<string> inputs, IReadOnlyDictionary<string, string> environment) =>
        new(Path.GetDirectoryName(lake)!, ["ingest", "--lake", lake, "--input", .. inputs], environment);

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>kill -9: no chance to commit, flush or leave the group.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>kill -TERM: the worker commits what it read, leaves the group and exits 0.</summary>
    public void Terminate() => Signal("-TERM");

    /// <summary>kill -STOP: the process freezes wherever it is (a long GC pause, a stuck disk, a VM migration).</summary>
    public void Pause() => Signal("-STOP");

    /// <summary>kill -CONT: the frozen process carries on from where it was, unaware of the time that passed.</summary>
    public void Resume() => Signal("-CONT");

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", [signal, _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    /// <summary>The lake's committed offsets, as any process sees them: from the touchpoints table's Delta log.</summary>
    public static IReadOnlyDictionary<(string Topic, int Partition), long> CommittedOffsets(string lake) =>
        Touchpoints(lake) is { } snapshot ? LakeProgress.Of(snapshot).KafkaOffsets : new Dictionary<(string, int), long>();

    /// <summary>The batches committed so far, each with the manifest its commit point recorded (who wrote it).</summary>
    public static IReadOnlyList<GroupManifest> Log(string lake)
    {
        if (Touchpoints(lake) is not { } snapshot)
        {
            return [];
        }

        var log = new DeltaLog(snapshot.TableRoot, LocalFileSystem.Instance);
        return [.. Enumerable.Range(0, (int)snapshot.Version + 1)
            .Select(v => log.ReadCommitInfoAsync(v, CancellationToken.None).GetAwaiter().GetResult()?.Group)
            .Where(m => m is not null)!];
    }

    private static DeltaSnapshot? Touchpoints(string lake)
    {
        var table = Path.Combine(lake, TableNames.Touchpoints);
        if (!Directory.Exists(Path.Combine(table, DeltaLog.FolderName)))
        {
            return null;
        }

        var snapshot = new DeltaLog(table, LocalFileSystem.Instance).ReadLatestAsync(CancellationToken.None).GetAwaiter().GetResult();
        return snapshot.Version < 0 ? null : snapshot;
    }

    public static void WaitUntil(Func<bool> condition, TimeSpan timeout, Func<string> describe) =>
        Eventually.WaitUntil(condition, timeout, describe);

    public void Dispose()
    {
        _memory.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void SampleMemory()
    {
        try
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null && long.TryParse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture, out var kb))
            {
                Interlocked.Exchange(ref _peakResident, Math.Max(Interlocked.Read(ref _peakResident), kb * 1024));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // The process has ended (or its /proc entry is gone): the last sample stands.
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
