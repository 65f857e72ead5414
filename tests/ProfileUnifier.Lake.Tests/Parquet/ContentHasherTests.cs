using System.IO.Hashing;
using System.Runtime.InteropServices;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ProfileUnifier.Lake.Parquet;

namespace ProfileUnifier.Lake.Tests.Parquet;

public sealed class ContentHasherTests
{
    /// <summary>
    /// Pieces from empty to several blocks long, so they end exactly at, straddle and exceed the block: the hash must be
    /// XxHash128 of their concatenation, or every snapshot bucket in an existing lake would look changed.
    /// </summary>
    [Property(MaxTest = 200)]
    public Property GetCurrentHash_AnyPieces_XxHash128OfTheirConcatenation() =>
        Prop.ForAll(Arb.From(Pieces()), pieces =>
        {
            var hasher = new ContentHasher();
            foreach (var piece in pieces)
            {
                hasher.Append(piece);
            }

            return hasher.GetCurrentHash().SequenceEqual(XxHash128.Hash([.. pieces.SelectMany(p => p)]));
        });

    /// <summary>Text short and long, after a lead that puts it anywhere in the block: its length, then its UTF-16 code units.</summary>
    [Property(MaxTest = 200)]
    public Property AppendText_AnyTextAnywhereInTheBlock_LengthThenCodeUnits() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, 16_384)), Arb.From(Gen.OneOf(Gen.Choose(0, 40), Gen.Choose(8_180, 8_200), Gen.Choose(0, 20_000))),
            (lead, length) =>
            {
                var text = new string([.. Enumerable.Range(0, length).Select(i => (char)('a' + (i % 26) + (i % 7 == 0 ? 0x400 : 0)))]);
                var hasher = new ContentHasher();
                hasher.Append(new byte[lead]);
                hasher.AppendText(text);

                byte[] expected = [.. new byte[lead], .. BitConverter.GetBytes(text.Length), .. MemoryMarshal.AsBytes(text.AsSpan()).ToArray()];
                return hasher.GetCurrentHash().SequenceEqual(XxHash128.Hash(expected));
            });

    [Fact]
    public void Append_Value_ItsBytesInMemory()
    {
        var hasher = new ContentHasher();
        hasher.Append((byte)1);
        hasher.Append(0x0403_0201);
        hasher.Append(-1L);

        Assert.Equal(XxHash128.Hash([1, 1, 2, 3, 4, 255, 255, 255, 255, 255, 255, 255, 255]), hasher.GetCurrentHash());
    }

    private static Gen<byte[][]> Pieces() =>
        Gen.OneOf(Gen.Choose(0, 16), Gen.Choose(16_370, 16_400), Gen.Choose(0, 40_000))
            .SelectMany(length => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), length))
            .ArrayOf()
            .Select(pieces => pieces.Take(12).ToArray());
}
