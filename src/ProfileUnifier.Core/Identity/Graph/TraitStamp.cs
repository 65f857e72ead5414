using System.Runtime.InteropServices;

namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>
/// A trait's value (an index into <see cref="TraitsTable"/>'s string pool, 0 for none) with the (ticks, event id hash)
/// it came with. Unmanaged, so a checkpoint holds the traits of every signature as raw bytes.
/// </summary>
/// <remarks>
/// 20 bytes, packed: the tie is the upper half of the event id's 128-bit <see cref="Archive.IdHash"/>, which orders two
/// ids as the whole hash does unless those halves collide. A start fills a row of four of these for every signature
/// with traits, into memory just taken from the system; at 32 bytes a stamp (a 16-byte tie, its alignment) that was the
/// part of a start that grew most with the lake.
/// </remarks>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
internal struct TraitStamp
{
    public long Ticks;
    public ulong Tie;
    public int Value;

    /// <summary>The tie of an event id's hash.</summary>
    public static ulong TieOf(UInt128 idHash) => (ulong)(idHash >> 64);

    /// <summary>Keeps the greatest (ticks, tie) offered: a total order, so the winner does not depend on arrival order.</summary>
    public void Offer(int value, long ticks, ulong tie)
    {
        if (value != 0 && (Value == 0 || ticks > Ticks || (ticks == Ticks && tie > Tie)))
        {
            (Value, Ticks, Tie) = (value, ticks, tie);
        }
    }

    public void Offer(in TraitStamp other) => Offer(other.Value, other.Ticks, other.Tie);
}
