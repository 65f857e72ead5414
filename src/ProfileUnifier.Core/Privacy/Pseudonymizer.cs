using System.Security.Cryptography;
using System.Text;
using ProfileUnifier.Core.Identity;

namespace ProfileUnifier.Core.Privacy;

/// <summary>
/// Keyed hashes of personal data (HMAC-SHA256 under a secret key kept outside the lake): the tokens of the
/// suppression list that keeps an erased person out, and the values a pseudonymised lake holds instead of
/// identifiers. Without the key a token cannot be tested against a guessed email or phone, as a plain hash could.
/// </summary>
public sealed class Pseudonymizer
{
    /// <summary>Fewer key bytes than this are refused: the key is what stops a dictionary of likely emails.</summary>
    public const int MinimumKeyBytes = 32;

    /// <summary>Hex characters of a token: the first 128 bits of the HMAC.</summary>
    public const int TokenLength = 32;

    private readonly byte[] _key;

    public Pseudonymizer(ReadOnlySpan<byte> key)
    {
        if (key.Length < MinimumKeyBytes)
        {
            throw new ArgumentException($"a privacy key needs at least {MinimumKeyBytes} bytes", nameof(key));
        }

        _key = key.ToArray();
    }

    /// <summary>The token of a normalised identifier: HMAC-SHA256(key, "&lt;kind&gt;:&lt;value&gt;"), as 32 lower-case hex characters.</summary>
    public string Token(IdentifierKind kind, string value) => Token(kind.WireName(), value);

    /// <summary>
    /// The pseudonym a pseudonymised lake stores for a normalised identifier, with a role mailbox tokenised as an email and an
    /// office line as a phone (one lookup by email or phone then finds either, as in a clear lake). Made under a domain of its
    /// own, so it is never a suppression token: once a person is erased, the suppression list names nothing left in the lake.
    /// </summary>
    public string Pseudonym(IdentifierKind kind, string value) => Token(PseudonymDomain(kind), value);

    /// <summary>The token domain of an identifier kind's pseudonyms (the restricted table records it beside each token).</summary>
    public static string PseudonymDomain(IdentifierKind kind) => "pseudonym/" + (kind switch
    {
        IdentifierKind.RoleEmail => IdentifierKind.Email,
        IdentifierKind.OfficePhone => IdentifierKind.Phone,
        _ => kind,
    }).WireName();

    /// <summary>The token of a value in a named domain (an identifier kind, a name, …): equal inputs give equal tokens.</summary>
    public string Token(string domain, string value)
    {
        var input = Encoding.UTF8.GetBytes(domain + ":" + value);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, input, mac);
        return Convert.ToHexStringLower(mac[..(TokenLength / 2)]);
    }

    /// <summary>
    /// A keyed id made from one of the identity engine's hashes (a profile's anchor, a signature's identifier set): HMAC of its
    /// 16 bytes, as <paramref name="hexChars"/> hex characters. In a pseudonymised lake profile and signature ids are these,
    /// so an id cannot be matched against the unkeyed hash of a guessed email.
    /// </summary>
    public string Id(UInt128 hash, int hexChars)
    {
        Span<byte> input = stackalloc byte[19];
        "id:"u8.CopyTo(input);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128LittleEndian(input[3..], hash);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, input, mac);
        return Convert.ToHexStringLower(mac[..(hexChars / 2)]);
    }

    /// <summary>Tells whether two keys are the same without revealing either (stored in the lake beside what the key made).</summary>
    public string KeyCheck => Token("profileunifier", "key-check");
}
