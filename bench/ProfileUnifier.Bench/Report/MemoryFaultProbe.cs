using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ProfileUnifier.Bench.Report;

/// <summary>
/// What a page of fresh memory costs in this hour: the first write to each page of a block the process has just mapped.
/// On this VM it is what the slow hours are (2026-12-05, `docs/performance.md`): ~11 µs a 4 KiB page in them. DuckDB's
/// <c>COPY</c> maps 0.7-1.1 GB afresh every run and loses 3× there, our warm ingest, which keeps most of its memory from
/// run to run, ~1.3×; so the results file says what the hour's memory cost. The same block asked for as transparent huge
/// pages (<c>MADV_HUGEPAGE</c>) tells what the price is of: on 2026-12-06 it was 0.2 µs a 4 KiB page against 11, so the
/// price is one of each page fault, not of the bytes (most likely the guest's PVM, where the host takes part in each
/// page-table change).
/// </summary>
public static partial class MemoryFaultProbe
{
    private const int BlockBytes = 64 << 20;
    private const int HugePageBytes = 2 << 20;
    private const int Rounds = 3;
    private const int MadviseHugePage = 14;

    /// <summary>Microseconds a 4 KiB page with the kernel's pages, and with huge pages (null where they cannot be asked for).</summary>
    public static (double Pages, double? HugePages) Measure() =>
        (Median(hugePages: false) ?? double.NaN, OperatingSystem.IsLinux() ? Median(hugePages: true) : null);

    public static string Describe((double Pages, double? HugePages) price) => price.HugePages is { } huge
        ? $"{price.Pages:N2} µs a page ({huge:N2} in huge pages)"
        : $"{price.Pages:N2} µs a page";

    /// <summary>The median of three blocks, each mapped, written a byte a 4 KiB page, and given back; null if refused.</summary>
    private static double? Median(bool hugePages)
    {
        const int page = 4096;
        var perPage = new double[Rounds];
        for (var round = 0; round < Rounds; round++)
        {
            // Past glibc's largest mmap threshold (32 MiB): a block of its own, unmapped again by the free.
            var block = Marshal.AllocHGlobal(BlockBytes + HugePageBytes);
            try
            {
                // A huge page is an aligned 2 MiB: the block's aligned part is asked for as such before it is touched.
                var start = (nint)(((long)block + HugePageBytes - 1) & ~(long)(HugePageBytes - 1));
                if (hugePages && Madvise(start, BlockBytes, MadviseHugePage) != 0)
                {
                    return null;
                }

                var watch = Stopwatch.StartNew();
                for (var offset = 0; offset < BlockBytes; offset += page)
                {
                    Marshal.WriteByte(start, offset, 1);
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

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}
