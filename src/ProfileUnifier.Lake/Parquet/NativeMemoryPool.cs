using ParquetSharp;

namespace ProfileUnifier.Lake.Parquet;

/// <summary>
/// Chooses the allocator of the native Parquet writer. ParquetSharp's default is Arrow's mimalloc pool, which hands the
/// pages of freed buffers back to the system within milliseconds and, on Linux, maps its arena with huge pages: every
/// file the lake writes then faulted its encoders' buffers in afresh, zeroing 2 MiB pages (a quarter of the CPU of the
/// Kafka worker's last commit in bench row 3). Arrow's jemalloc pool keeps freed pages for reuse a while longer:
/// row 3 took ~7 % more events a second with it, row 6's 1M-line ingest (run in one process after the other sizes) a
/// fifth less time an event, and a cold 1M-line ingest peaked ~90 MB lower (docs/performance.md).
/// An operator's <c>ARROW_DEFAULT_MEMORY_POOL</c> (system, jemalloc, mimalloc) is still obeyed; a native library built
/// without jemalloc (Arrow has none on Windows) keeps its default.
/// </summary>
internal static class NativeMemoryPool
{
    public const string Variable = "ARROW_DEFAULT_MEMORY_POOL";

    public static MemoryPool Choose()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
        {
            return MemoryPool.GetDefaultMemoryPool();
        }

        try
        {
            return MemoryPool.JemallocMemoryPool();
        }
        catch (ParquetException)
        {
            return MemoryPool.GetDefaultMemoryPool();
        }
    }
}
