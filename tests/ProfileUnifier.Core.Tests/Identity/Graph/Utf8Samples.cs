using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace ProfileUnifier.Core.Tests.Identity.Graph;

/// <summary>
/// Well-formed strings for property tests: ASCII, Cyrillic, the top of the basic plane (U+E000..U+FFFF, which UTF-16
/// orders after surrogate pairs) and supplementary characters (emoji), so that byte and UTF-16 orders differ.
/// </summary>
public static class Utf8Samples
{
    public static Gen<string> Strings()
    {
        var rune =
            from range in Gen.Elements((0x20, 0x7E), (0x410, 0x44F), (0xE000, 0xFFFD), (0x1F600, 0x1F64F), (0x10000, 0x10FFFF))
            from value in Gen.Choose(range.Item1, range.Item2)
            select new Rune(value);
        return from length in Gen.Choose(0, 12)
               from runes in Gen.ArrayOf(rune, length)
               select string.Concat(runes.Select(r => r.ToString()));
    }

    public static Arbitrary<string> Arbitrary() => Arb.From(Strings());

    public static byte[] Bytes(string value) => Encoding.UTF8.GetBytes(value);
}
