using System.Diagnostics;

namespace ProfileUnifier.Bench;

/// <summary>Repeated timings of one workload: min, median and max seconds (and the process's CPU seconds in them).</summary>
public sealed record Measurement(IReadOnlyList<double> Seconds, IReadOnlyList<double>? CpuSeconds = null)
{
    /// <summary>Cores busy on average while the runs ran: user+sys CPU time of the process over wall time.</summary>
    public double CoresBusy => CpuSeconds is null ? double.NaN : CpuSeconds.Sum() / Seconds.Sum();

    /// <summary>The untimed first runs' seconds (see <see cref="TimeAsync{T}"/>), for the notes.</summary>
    public IReadOnlyList<double> WarmupSeconds { get; init; } = [];

    public double Min => Seconds.Min();

    public double Max => Seconds.Max();

    public double Median
    {
        get
        {
            var sorted = Seconds.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }
    }

    /// <summary>
    /// Runs <paramref name="prepare"/> (untimed) then <paramref name="run"/> (timed), <paramref name="repeats"/> times,
    /// with a full collection before each run so one run's garbage is not billed to the next. The first
    /// <paramref name="warmups"/> runs are kept apart (<see cref="WarmupSeconds"/>): they pay for JIT tiering and a
    /// cold page cache, which the runs of a process that has been working for a while do not.
    /// </summary>
    public static async Task<Measurement> TimeAsync<T>(int repeats, Func<Task<T>> prepare, Func<T, Task> run, Action<T>? cleanup = null,
        int warmups = 0)
    {
        var seconds = new List<double>();
        var cpu = new List<double>();
        for (var i = 0; i < warmups + repeats; i++)
        {
            var state = await prepare();
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            await run(state);
            seconds.Add(watch.Elapsed.TotalSeconds);
            cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds);
            cleanup?.Invoke(state);
        }

        return new Measurement(seconds[warmups..], cpu[warmups..]) { WarmupSeconds = seconds[..warmups] };
    }

    public static Task<Measurement> TimeAsync(int repeats, Func<Task> run) =>
        TimeAsync(repeats, () => Task.FromResult(0), _ => run());
}
