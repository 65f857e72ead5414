using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ProfileUnifier.Bench.Report;

/// <summary>
/// What a page of fresh memory costs in this hour: the first write to each page of a block the process has just mapped.
/// On this VM it is what the slow hours are (2026-12-05, `docs/performance.md`): ~11 µs a 4 KiB page in them, most likely
/// the host backing guest memory as it is touched. DuckDB's <c>COPY</c> maps 0.7-1.1 GB afresh every run and loses 3×
/// there, our warm ingest, which keeps most of its memory from run to run, ~1.3×; so the results file says what the
/// hour's memory cost.
/// </summary>
public static class MemoryFaultProbe
{
    private const int BlockBytes = 64 << 20;
    private const int Rounds = 3;

    /// <summary>Microseconds a page, the median of three blocks (each mapped, written a byte a page, and given back).</summary>
    public static double MicrosecondsPerPage()
    {
        var page = Environment.SystemPageSize;
        var perPage = new double[Rounds];
        for (var round = 0; round < Rounds; round++)
        {
            // 64 MiB is past glibc's largest mmap threshold (32 MiB): a block of its own, unmapped again by the free.
            var block = Marshal.AllocHGlobal(BlockBytes);
            try
            {
                var watch = Stopwatch.StartNew();
                for (var offset = 0; offset < BlockBytes; offset += page)
                {
                    Marshal.WriteByte(block, offset, 1);
                }

                perPage[round] = watch.Elapsed.TotalMicroseconds / (BlockBytes / page);
            }
            finally
            {
                Marshal.FreeHGlobal(block);
            }
        }

        Array.Sort(perPage);
        return perPage[Rounds / 2];
    }
}
