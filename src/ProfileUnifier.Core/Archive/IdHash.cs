using System.IO.Hashing;
using System.Text;

namespace ProfileUnifier.Core.Archive;

/// <summary>
/// The 128-bit hash an id is kept as in sorted runs (16 bytes instead of the string): two ids share one only by a
/// collision, about 1 in 10^29 at a billion ids.
/// </summary>
public static class IdHash
{
    /// <summary>The hash of an id given as its UTF-8 (the same as of its string).</summary>
    public static UInt128 Of(ReadOnlySpan<byte> utf8) => XxHash128.HashToUInt128(utf8);

    public static UInt128 Of(string id)
    {
        // Ids are short: encoded on the stack (a UTF-16 unit takes at most 3 bytes).
        if (id.Length > 128)
        {
            return Of(Encoding.UTF8.GetBytes(id));
        }

        Span<byte> buffer = stackalloc byte[id.Length * 3];
        return Of(buffer[..Encoding.UTF8.GetBytes(id, buffer)]);
    }
}
