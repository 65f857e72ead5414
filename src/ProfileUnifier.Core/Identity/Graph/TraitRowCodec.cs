using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>
/// A <see cref="SignatureTraits"/> row as a checkpoint holds it: a flags byte (which of the four traits it has, and
/// whether they share one time and tie), each value, then the time and tie once when shared or once a trait when not.
/// An event states a person's traits together, so they nearly always share: ~41 bytes a row instead of the 128 the row
/// in memory took then (four 16-byte ties, four times, padding), which made the traits half of a checkpoint.
/// </summary>
internal static class TraitRowCodec
{
    /// <summary>The most bytes a row takes: the flags, four values and four times and ties.</summary>
    public const int MaxBytes = 1 + (4 * (4 + 8 + 16));

    private const int Traits = 4;
    private const byte Shared = 1 << Traits;

    /// <summary>Writes <paramref name="row"/> at the start of <paramref name="to"/>; returns the bytes written.</summary>
    public static int Write(in SignatureTraits row, Span<byte> to)
    {
        // Read only; a ref for At. A trait without a value is all zero (TraitStamp.Offer keeps none), so none of it is written.
        ref var traits = ref Unsafe.AsRef(in row);
        byte flags = 0;
        var first = -1;
        var shared = true;
        for (var i = 0; i < Traits; i++)
        {
            ref var stamp = ref At(ref traits, i);
            if (stamp.Value == 0)
            {
                continue;
            }

            flags |= (byte)(1 << i);
            if (first < 0)
            {
                first = i;
            }
            else
            {
                ref var head = ref At(ref traits, first);
                shared &= stamp.Ticks == head.Ticks && stamp.Tie == head.Tie;
            }
        }

        if (first >= 0 && shared)
        {
            flags |= Shared;
        }

        to[0] = flags;
        var at = 1;
        for (var i = 0; i < Traits; i++)
        {
            if ((flags & (1 << i)) != 0)
            {
                BinaryPrimitives.WriteInt32LittleEndian(to[at..], At(ref traits, i).Value);
                at += 4;
            }
        }

        for (var i = 0; i < Traits; i++)
        {
            if ((flags & (1 << i)) != 0)
            {
                ref var stamp = ref At(ref traits, i);
                BinaryPrimitives.WriteInt64LittleEndian(to[at..], stamp.Ticks);
                // 16 bytes as before the tie was halved (TraitStamp): its lower half is zero.
                BinaryPrimitives.WriteUInt128LittleEndian(to[(at + 8)..], (UInt128)stamp.Tie << 64);
                at += 24;
                if ((flags & Shared) != 0)
                {
                    break;
                }
            }
        }

        return at;
    }

    /// <summary>Reads a row written by <see cref="Write"/> from the start of <paramref name="from"/>; returns the bytes read.</summary>
    public static int Read(ReadOnlySpan<byte> from, out SignatureTraits row)
    {
        row = default;
        var flags = from.IsEmpty ? throw new InvalidDataException("a traits row is cut short") : from[0];
        var traits = System.Numerics.BitOperations.PopCount(flags & 0xFu);
        var times = (flags & Shared) != 0 ? Math.Min(traits, 1) : traits;
        if (flags > (Shared | 0xF) || from.Length < 1 + (4 * traits) + (24 * times))
        {
            throw new InvalidDataException($"a traits row (flags {flags:X2}) is damaged or cut short");
        }

        var at = 1;
        for (var i = 0; i < Traits; i++)
        {
            if ((flags & (1 << i)) != 0)
            {
                At(ref row, i).Value = BinaryPrimitives.ReadInt32LittleEndian(from[at..]);
                at += 4;
            }
        }

        (long Ticks, ulong Tie) time = default;
        var read = false;
        for (var i = 0; i < Traits; i++)
        {
            if ((flags & (1 << i)) == 0)
            {
                continue;
            }

            if (!read || (flags & Shared) == 0)
            {
                time = (BinaryPrimitives.ReadInt64LittleEndian(from[at..]), TraitStamp.TieOf(BinaryPrimitives.ReadUInt128LittleEndian(from[(at + 8)..])));
                at += 24;
                read = true;
            }

            ref var stamp = ref At(ref row, i);
            (stamp.Ticks, stamp.Tie) = time;
        }

        return at;
    }

    private static ref TraitStamp At(ref SignatureTraits row, int i)
    {
        switch (i)
        {
            case 0: return ref row.FirstName;
            case 1: return ref row.LastName;
            case 2: return ref row.Title;
            default: return ref row.Role;
        }
    }
}
