using System.IO.Hashing;
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
