using System.Diagnostics;

namespace ProfileUnifier.Bench;

/// <summary>One run of a workload: set-up (untimed), the run (timed, wall and the process's CPU), clean-up (untimed).</summary>
public interface ITimedRun
{
    /// <summary>Runs before the timed ones, kept apart (<see cref="Measurement.WarmupSeconds"/>).</summary>
    int Warmups { get; }

    Task<(double Seconds, double CpuSeconds)> OnceAsync();
}

/// <summary>A workload whose set-up hands its run a state (a scratch folder, a lake) that the clean-up disposes of.</summary>
public sealed record TimedRun<T>(Func<Task<T>> Prepare, Func<T, Task> Run, Action<T>? Cleanup = null, int Warmups = 0) : ITimedRun
{
    /// <summary>A full collection before the run so one run's garbage is not billed to the next.</summary>
    public async Task<(double Seconds, double CpuSeconds)> OnceAsync()
    {
        var state = await Prepare();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        await Run(state);
        var seconds = watch.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        Cleanup?.Invoke(state);
        return (seconds, cpu);
    }
}
