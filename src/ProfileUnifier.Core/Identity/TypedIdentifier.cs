using ProfileUnifier.Core.Events;

namespace ProfileUnifier.Core.Identity;

/// <summary>
/// An identifier written as <c>type:value</c> (<c>email:Ivan@Romashka.ru</c>, <c>phone:8 916 123-45-67</c>,
/// <c>social:vk:ivan</c>), normalised the way ingestion normalises it: the form overrides and <c>explain</c> take.
/// A bare value with an <c>@</c> is an email, one of digits and phone punctuation a phone.
/// </summary>
public static class TypedIdentifier
{
    public static bool TryParse(string text, IdentifierNormalizer normalizer, out IdentityKey key, out string problem)
    {
        key = default;
        var (type, value) = Split(text.Trim());
        if (value.Length == 0)
        {
            problem = $"\"{text}\" is not an identifier: write type:value, e.g. email:ivan@romashka.ru";
            return false;
        }

        RawIdentifiers? raw = type switch
        {
            "email" or "role_email" => new RawIdentifiers { Email = value },
            "phone" or "office_phone" => new RawIdentifiers { Phone = value },
            "anonymous_id" => new RawIdentifiers { AnonymousId = value },
            "user_id" => new RawIdentifiers { UserId = value },
            "crm_contact_id" => new RawIdentifiers { CrmContactId = value },
            "social" => new RawIdentifiers { Social = value },
            _ => null,
        };
        AccountBlock? account = type switch
        {
            "crm_account_id" => new AccountBlock { AccountId = value },
            "inn" => new AccountBlock { Inn = value },
            "domain" => new AccountBlock { Domain = value },
            _ => null,
        };
        if (raw is null && account is null)
        {
            problem = $"unknown identifier type \"{type}\" in \"{text}\" (one of: {string.Join(", ", Names())})";
            return false;
        }

        var keys = normalizer.Normalize(raw ?? RawIdentifiers.None, account);
        if (keys.IsEmpty)
        {
            problem = $"\"{text}\" is not a usable {type}: {(keys.Ignored.Count > 0 ? keys.Ignored[0].Reason : "no value")}";
            return false;
        }

        // An email also implies its company domain; the identifier asked for is the first key.
        key = keys.Span[0] with { Explicit = true };
        problem = "";
        return true;
    }

    private static (string Type, string Value) Split(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && IdentifierKinds.TryParse(text[..colon].Trim(), out _))
        {
            return (text[..colon].Trim(), text[(colon + 1)..].Trim());
        }

        if (text.Contains('@', StringComparison.Ordinal))
        {
            return ("email", text);
        }

        return text.Length > 0 && text.All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '(' or ')' or '-')
            ? ("phone", text)
            : (colon > 0 ? text[..colon].Trim() : "", colon > 0 ? text[(colon + 1)..].Trim() : "");
    }

    private static IEnumerable<string> Names()
    {
        for (var kind = 0; kind < IdentifierKinds.Count; kind++)
        {
            yield return ((IdentifierKind)kind).WireName();
        }
    }
}
