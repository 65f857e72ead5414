using ProfileUnifier.Core.Text;

namespace ProfileUnifier.Core.Validation;

/// <summary>
/// Copies of short UTF-8 values that are each an event's own (an event id), packed into blocks of a thread's instead of an
/// array each: an id of 36 bytes took a string of 96 (or an array of 64), and the events that hold them ride through the
/// pipeline's young collections. A block lives while any value in it does; values copied one after another belong to
/// events read one after another, which die together.
/// </summary>
internal static class Utf8Arena
{
    private const int BlockBytes = 16 * 1024;

    // Longer values get an array of their own: a block is not given up for one.
    private const int MaxPackedBytes = 256;

    [ThreadStatic]
    private static byte[]? t_block;

    [ThreadStatic]
    private static int t_used;

    public static Utf8Text Copy(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxPackedBytes)
        {
            return new Utf8Text(utf8.ToArray());
        }

        var block = t_block;
        if (block is null || BlockBytes - t_used < utf8.Length)
        {
            t_block = block = new byte[BlockBytes];
            t_used = 0;
        }

        var start = t_used;
        utf8.CopyTo(block.AsSpan(start));
        t_used = start + utf8.Length;
        return new Utf8Text(block, start, utf8.Length);
    }
}
