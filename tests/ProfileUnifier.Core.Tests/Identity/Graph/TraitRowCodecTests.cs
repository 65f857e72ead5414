using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ProfileUnifier.Core.Identity.Graph;

namespace ProfileUnifier.Core.Tests.Identity.Graph;

public sealed class TraitRowCodecTests
{
    [Property(MaxTest = 500)]
    public Property WriteThenRead_AnyRow_SameRowAndLength() =>
        Prop.ForAll(Arb.From(Rows()), row =>
        {
            var bytes = new byte[TraitRowCodec.MaxBytes + 7];
            var written = TraitRowCodec.Write(in row, bytes);
            var read = TraitRowCodec.Read(bytes, out var back);
            return read == written && written <= TraitRowCodec.MaxBytes && Same(row, back);
        });

    [Fact]
    public void Write_TraitsOfOneEvent_TimeAndTieOnce()
    {
        var stamp = new TraitStamp { Ticks = 638_000_000_000_000_000, Tie = ulong.MaxValue - 5 };
        var row = new SignatureTraits
        {
            FirstName = stamp with { Value = 1 },
            LastName = stamp with { Value = 2 },
            Title = stamp with { Value = 3 },
            Role = stamp with { Value = 4 },
        };

        // The flags, four values, one time and tie: not the 80 bytes of the row in memory.
        Assert.Equal(1 + 16 + 24, TraitRowCodec.Write(in row, new byte[TraitRowCodec.MaxBytes]));
    }

    [Fact]
    public void Read_RowCutShortOrUnknownFlags_InvalidDataException()
    {
        var row = new SignatureTraits
        {
            FirstName = new TraitStamp { Value = 7, Ticks = 10, Tie = 3 },
            Role = new TraitStamp { Value = 9, Ticks = 11, Tie = 4 },
        };
        var bytes = new byte[TraitRowCodec.MaxBytes];
        var length = TraitRowCodec.Write(in row, bytes);

        for (var cut = 0; cut < length; cut++)
        {
            Assert.Throws<InvalidDataException>(() => TraitRowCodec.Read(bytes.AsSpan(0, cut), out _));
        }

        bytes[0] = 0xE1;
        Assert.Throws<InvalidDataException>(() => TraitRowCodec.Read(bytes, out _));
    }

    [Fact]
    public void Read_TieWrittenWithALowerHalf_KeepsTheUpperHalfAsTheTie()
    {
        // Checkpoints written before the tie was halved hold the event id's whole 128-bit hash.
        var bytes = new byte[TraitRowCodec.MaxBytes];
        var length = TraitRowCodec.Write(new SignatureTraits { Title = new TraitStamp { Value = 3, Ticks = 10, Tie = 0xABCD } }, bytes);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(length - 16), 0x1234); // the hash's lower half

        TraitRowCodec.Read(bytes, out var row);

        Assert.Equal(new TraitStamp { Value = 3, Ticks = 10, Tie = 0xABCD }, row.Title);
    }

    private static bool Same(SignatureTraits a, SignatureTraits b) =>
        Same(a.FirstName, b.FirstName) && Same(a.LastName, b.LastName) && Same(a.Title, b.Title) && Same(a.Role, b.Role);

    private static bool Same(TraitStamp a, TraitStamp b) => a.Value == b.Value && a.Ticks == b.Ticks && a.Tie == b.Tie;

    /// <summary>
    /// Rows as the engine makes them: a trait it has no value for is all zero; a trait is of the row's event (its time
    /// and tie), or of another event.
    /// </summary>
    private static Gen<SignatureTraits> Rows()
    {
        var time = Gen.Zip(Gen.Elements(0L, 1L, long.MaxValue, 638_000_000_000_000_000L), Gen.Elements(0UL, 1UL, ulong.MaxValue, 1UL << 63));
        return time.SelectMany(ofRow =>
        {
            var stamp = Gen.Frequency(
                (1, Gen.Constant(default(TraitStamp))),
                (3, Gen.Choose(1, int.MaxValue).Select(v => new TraitStamp { Value = v, Ticks = ofRow.Item1, Tie = ofRow.Item2 })),
                (1, Gen.Zip(Gen.Choose(1, int.MaxValue), time).Select(v => new TraitStamp { Value = v.Item1, Ticks = v.Item2.Item1, Tie = v.Item2.Item2 })));
            return Gen.Zip(Gen.Zip(stamp, stamp), Gen.Zip(stamp, stamp))
                .Select(s => new SignatureTraits { FirstName = s.Item1.Item1, LastName = s.Item1.Item2, Title = s.Item2.Item1, Role = s.Item2.Item2 });
        });
    }
}
