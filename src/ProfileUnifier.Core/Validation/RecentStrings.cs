using System.IO.Hashing;
using System.Text;

namespace ProfileUnifier.Core.Validation;

/// <summary>
/// Strings for values that repeat from event to event (a campaign, a region, a page's URL, a whole
/// properties object): a recent one is handed out again instead of decoding a copy per event, which saves
/// the allocation and the memory a batch holds. Direct-mapped and per thread, so it stays small and needs
/// no lock; a value that misses is decoded as usual and takes the slot. Each slot keeps its value's hash beside it, so a
/// miss is told without reading the string it holds (elsewhere in the heap, seldom in the cache).
/// </summary>
internal static class RecentStrings
{
    private const int Slots = 4096;
    private const int MaxBytes = 256;

    [ThreadStatic]
    private static Slot[]? t_slots;

    /// <summary>The string of <paramref name="utf8"/> (valid UTF-8, not JSON-escaped).</summary>
    public static string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty || utf8.Length > MaxBytes)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        var slots = t_slots ??= new Slot[Slots];
        var hash = XxHash3.HashToUInt64(utf8);
        ref var slot = ref slots[(int)hash & (Slots - 1)];
        if (slot.Hash == hash && slot.Value is { } recent && Matches(recent, utf8))
        {
            return recent;
        }

        var value = Encoding.UTF8.GetString(utf8);
        slot = new Slot(hash, value);
        return value;
    }

    private static bool Matches(string recent, ReadOnlySpan<byte> utf8)
    {
        // UTF-8 never has fewer bytes than UTF-16 units; ASCII compares byte to char, other text is decoded.
        if (recent.Length > utf8.Length)
        {
            return false;
        }

        if (recent.Length == utf8.Length)
        {
            return Ascii.Equals(utf8, recent);
        }

        // Sized to the value, not a constant: the JIT zeroes a fixed-size stackalloc on every call.
        Span<char> chars = stackalloc char[utf8.Length];
        return chars[..Encoding.UTF8.GetChars(utf8, chars)].SequenceEqual(recent);
    }

    private readonly record struct Slot(ulong Hash, string? Value);
}
