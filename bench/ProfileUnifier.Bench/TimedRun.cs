using System.Diagnostics;

namespace ProfileUnifier.Bench;

/// <summary>One run of a workload: set-up (untimed), the run (timed, wall and the process's CPU), clean-up (untimed).</summary>
public interface ITimedRun
{
    /// <summary>Runs before the timed ones, kept apart (<see cref="Measurement.WarmupSeconds"/>).</summary>
    int Warmups { get; }

    Task<RunFigures> OnceAsync();
}

/// <summary>A workload whose set-up hands its run a state (a scratch folder, a lake) that the clean-up disposes of.</summary>
public sealed record TimedRun<T>(Func<Task<T>> Prepare, Func<T, Task> Run, Action<T>? Cleanup = null, int Warmups = 0) : ITimedRun
{
    /// <summary>A full collection before the run so one run's garbage is not billed to the next.</summary>
    public async Task<RunFigures> OnceAsync()
    {
        var state = await Prepare();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var (allocatedBefore, pausedBefore) = (GC.GetTotalAllocatedBytes(precise: true), GC.GetTotalPauseDuration());
        var watch = Stopwatch.StartNew();
        await Run(state);
        var seconds = watch.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var (allocated, paused) = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore, GC.GetTotalPauseDuration() - pausedBefore);
        Cleanup?.Invoke(state);
        return new RunFigures(seconds, cpu, allocated, paused.TotalSeconds);
    }
}

/// <summary>
/// One timed run: wall and CPU seconds, and what the managed heap took in it (bytes allocated on any thread, and the
/// collections' pauses). Allocation does not drift with the machine's speed as time does, so it tells a change's effect in
/// an hour when times cannot.
/// </summary>
public readonly record struct RunFigures(double Seconds, double CpuSeconds, long AllocatedBytes, double GcPauseSeconds);
