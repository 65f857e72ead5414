namespace ProfileUnifier.Bench;

/// <summary>Repeated timings of one workload: min, median and max seconds (and the process's CPU seconds in them).</summary>
public sealed record Measurement(IReadOnlyList<double> Seconds, IReadOnlyList<double>? CpuSeconds = null)
{
    /// <summary>Cores busy on average while the runs ran: user+sys CPU time of the process over wall time.</summary>
    public double CoresBusy => CpuSeconds is null ? double.NaN : CpuSeconds.Sum() / Seconds.Sum();

    /// <summary>Bytes the managed heap allocated in each timed run (see <see cref="RunFigures"/>).</summary>
    public IReadOnlyList<long> AllocatedBytes { get; init; } = [];

    /// <summary>Seconds the runtime paused for collections in each timed run.</summary>
    public IReadOnlyList<double> GcPauseSeconds { get; init; } = [];

    /// <summary>The untimed first runs' seconds (see <see cref="TimeAsync{T}"/>), for the notes.</summary>
    public IReadOnlyList<double> WarmupSeconds { get; init; } = [];

    public double Min => Seconds.Min();

    public double Max => Seconds.Max();

    public double Median => MedianOf(Seconds);

    /// <summary>The median of <see cref="AllocatedBytes"/>.</summary>
    public double AllocatedMedian => MedianOf([.. AllocatedBytes.Select(b => (double)b)]);

    /// <summary>The median of <see cref="GcPauseSeconds"/>.</summary>
    public double GcPauseMedian => MedianOf(GcPauseSeconds);

    /// <summary>
    /// Runs <paramref name="prepare"/> (untimed) then <paramref name="run"/> (timed), <paramref name="repeats"/> times,
    /// with a full collection before each run so one run's garbage is not billed to the next. The first
    /// <paramref name="warmups"/> runs are kept apart (<see cref="WarmupSeconds"/>): they pay for JIT tiering and a
    /// cold page cache, which the runs of a process that has been working for a while do not.
    /// </summary>
    public static async Task<Measurement> TimeAsync<T>(int repeats, Func<Task<T>> prepare, Func<T, Task> run, Action<T>? cleanup = null,
        int warmups = 0) =>
        (await AlternateAsync(repeats, [new TimedRun<T>(prepare, run, cleanup, warmups)]))[0];

    public static Task<Measurement> TimeAsync(int repeats, Func<Task> run) =>
        TimeAsync(repeats, () => Task.FromResult(0), _ => run());

    /// <summary>
    /// Times workloads compared with each other in rounds, one run of each per round (A B A B …), after each one's
    /// warm-ups. On a shared VM whose speed drifts by tens of per cent within minutes, all of one side's runs and then
    /// all of the other's compared two different machines (DuckDB's side of row 2 moved 319k → 495k events/s between
    /// two runs six minutes apart).
    /// </summary>
    public static async Task<IReadOnlyList<Measurement>> AlternateAsync(int repeats, IReadOnlyList<ITimedRun> sides)
    {
        var warmups = sides.Select(_ => new List<double>()).ToArray();
        for (var s = 0; s < sides.Count; s++)
        {
            for (var i = 0; i < sides[s].Warmups; i++)
            {
                warmups[s].Add((await sides[s].OnceAsync()).Seconds);
            }
        }

        var seconds = sides.Select(_ => new List<double>()).ToArray();
        var cpu = sides.Select(_ => new List<double>()).ToArray();
        var allocated = sides.Select(_ => new List<long>()).ToArray();
        var paused = sides.Select(_ => new List<double>()).ToArray();
        for (var i = 0; i < repeats; i++)
        {
            for (var s = 0; s < sides.Count; s++)
            {
                var run = await sides[s].OnceAsync();
                seconds[s].Add(run.Seconds);
                cpu[s].Add(run.CpuSeconds);
                allocated[s].Add(run.AllocatedBytes);
                paused[s].Add(run.GcPauseSeconds);
            }
        }

        return [.. sides.Select((_, s) => new Measurement(seconds[s], cpu[s])
        {
            WarmupSeconds = warmups[s],
            AllocatedBytes = allocated[s],
            GcPauseSeconds = paused[s],
        })];
    }

    private static double MedianOf(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>This measurement's time over <paramref name="other"/>'s in each round of <see cref="AlternateAsync"/>: min, median, max.</summary>
    public (double Min, double Median, double Max) RatioPerRound(Measurement other)
    {
        var ratios = new Measurement([.. Seconds.Zip(other.Seconds, (a, b) => a / b)]);
        return (ratios.Min, ratios.Median, ratios.Max);
    }
}
