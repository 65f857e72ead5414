using System.IO.Hashing;
using ProfileUnifier.Core.Text;

namespace ProfileUnifier.Core.Validation;

/// <summary>
/// <see cref="RecentStrings"/> for text kept as UTF-8 (<see cref="Utf8Text"/>): a value that repeats from event to event
/// (a properties or traits object) is handed out again instead of copied per event. Direct-mapped and per thread; a miss
/// is copied and takes the slot.
/// </summary>
internal static class RecentUtf8
{
    private const int Slots = 4096;
    private const int MaxBytes = 256;

    [ThreadStatic]
    private static Slot[]? t_slots;

    /// <summary>The text of <paramref name="utf8"/> (valid UTF-8, as it is to be kept).</summary>
    public static Utf8Text Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxBytes)
        {
            return new Utf8Text(utf8.ToArray());
        }

        var slots = t_slots ??= new Slot[Slots];
        var hash = XxHash3.HashToUInt64(utf8);
        ref var slot = ref slots[(int)hash & (Slots - 1)];
        if (slot.Hash == hash && slot.Value is { } recent && utf8.SequenceEqual(recent))
        {
            return new Utf8Text(recent);
        }

        var value = utf8.ToArray();
        slot = new Slot(hash, value);
        return new Utf8Text(value);
    }

    private readonly record struct Slot(ulong Hash, byte[]? Value);
}
