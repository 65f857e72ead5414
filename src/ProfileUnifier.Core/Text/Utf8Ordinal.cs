namespace ProfileUnifier.Core.Text;

/// <summary>Ordinal order of UTF-8 text, as .NET orders the same text held as strings.</summary>
public static class Utf8Ordinal
{
    /// <summary>
    /// Orders two UTF-8 values as <see cref="string.CompareOrdinal(string, string)"/> orders their strings (by UTF-16
    /// code unit): byte order is code point order, which differs only where U+E000..U+FFFF meets a supplementary
    /// character (a surrogate pair, whose first code unit is below U+E000).
    /// </summary>
    public static int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var common = a.CommonPrefixLength(b);
        if (common == a.Length || common == b.Length)
        {
            return a.Length.CompareTo(b.Length);
        }

        int x = a[common], y = b[common];
        // After an equal prefix both bytes start a code point or both continue one with the same lead byte;
        // lead bytes 0xEE-0xEF start U+E000..U+FFFF, 0xF0-0xF4 a supplementary character.
        if (x >= 0xF0 && y is 0xEE or 0xEF)
        {
            return -1;
        }

        if (y >= 0xF0 && x is 0xEE or 0xEF)
        {
            return 1;
        }

        return x - y;
    }
}
