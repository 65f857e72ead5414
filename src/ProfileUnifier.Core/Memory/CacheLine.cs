using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace ProfileUnifier.Core.Memory;

/// <summary>
/// Asks the processor to bring a cache line in ahead of its use. The state the engine and the redelivery filter look up
/// an event in is tens of megabytes, hit at random: taking an event waited for memory several times over. When the next
/// events are known (their hashes made on the checking threads), their lines are asked for a few events ahead and the
/// waits overlap with the work on the events before them.
/// </summary>
internal static class CacheLine
{
    /// <summary>A hint only: it never faults, and where there is no such instruction (not x86) it does nothing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Prefetch<T>(ref T at)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref at));
        }
    }
}
