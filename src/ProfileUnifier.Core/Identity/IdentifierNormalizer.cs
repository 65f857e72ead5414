using System.Collections.Frozen;
using System.Text;
using ProfileUnifier.Core.Events;

namespace ProfileUnifier.Core.Identity;

/// <summary>
/// Turns the identifiers an event carries into canonical keys (DESIGN.md, "Identity rules"): emails
/// trimmed and lower-cased, phones in E.164, social as network:handle; placeholders dropped; role
/// mailboxes and corporate domains classed as account-level. Normalising a normalised value changes nothing.
/// </summary>
public sealed class IdentifierNormalizer
{
    // Identifiers are a few hundred characters at most; longer text (never from the parser) takes the slow way.
    private const int StackChars = 512;

    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _roleMailboxes;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _freeMailDomains;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _placeholderValues;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _placeholderEmails;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _placeholderDomains;
    private readonly string _countryCode;
    private readonly string[] _landlinePrefixes;

    public IdentifierNormalizer(IdentityRules rules)
    {
        _roleMailboxes = Set(rules.RoleMailboxes);
        _freeMailDomains = Set(rules.FreeMailDomains);
        _placeholderValues = Set(rules.PlaceholderValues);
        _placeholderEmails = Set(rules.PlaceholderEmails);
        _placeholderDomains = Set(rules.PlaceholderDomains);
        _countryCode = rules.DefaultCountryCode;
        _landlinePrefixes = [.. rules.AccountLevelPhonePrefixes.Select(p => p.Trim())];
    }

    public IdentityKeys Normalize(RawIdentifiers identifiers, AccountBlock? account)
    {
        var keys = new IdentityKeys();
        string problem;
        if (identifiers.CrmContactId is { } crmContactId)
        {
            Keep(keys, IdentifierKind.CrmContactId, "identifiers.crm_contact_id", OpaqueId(crmContactId, out problem), problem);
        }

        if (identifiers.UserId is { } userId)
        {
            Keep(keys, IdentifierKind.UserId, "identifiers.user_id", OpaqueId(userId, out problem), problem);
        }

        if (identifiers.Email is { } rawEmail)
        {
            var email = Email(rawEmail);
            if (email.Value is null)
            {
                keys.Ignore("identifiers.email", email.Problem!);
            }
            else
            {
                keys.Add(email.IsRole ? IdentifierKind.RoleEmail : IdentifierKind.Email, email.Value, isExplicit: !email.IsRole);
                if (email.CorporateDomain is { } domain)
                {
                    keys.Add(IdentifierKind.Domain, domain, isExplicit: false);
                }
            }
        }

        if (identifiers.Phone is { } rawPhone)
        {
            if (Phone(rawPhone, out problem) is { } phone)
            {
                keys.Add(IsLandline(phone) ? IdentifierKind.OfficePhone : IdentifierKind.Phone, phone);
            }
            else
            {
                keys.Ignore("identifiers.phone", problem);
            }
        }

        if (identifiers.Social is { } social)
        {
            Keep(keys, IdentifierKind.Social, "identifiers.social", Social(social, out problem), problem);
        }

        if (identifiers.AnonymousId is { } anonymousId)
        {
            Keep(keys, IdentifierKind.AnonymousId, "identifiers.anonymous_id", OpaqueId(anonymousId, out problem), problem);
        }

        if (account is not null)
        {
            if (account.AccountId is { } accountId)
            {
                Keep(keys, IdentifierKind.CrmAccountId, "account.account_id", OpaqueId(accountId, out problem), problem);
            }

            if (account.Inn is { } inn)
            {
                Keep(keys, IdentifierKind.Inn, "account.inn", Inn(inn, out problem), problem);
            }

            if (account.Domain is { } domain)
            {
                Keep(keys, IdentifierKind.Domain, "account.domain", CompanyDomain(domain, out problem), problem);
            }
        }

        return keys;
    }

    /// <summary>An email address, classed as a person's, a role mailbox, or not usable.</summary>
    public EmailResult Email(string raw)
    {
        Span<char> buffer = stackalloc char[Math.Min(raw.Length, StackChars)];
        var text = TrimmedLower(raw, buffer);
        if (text.StartsWith("mailto:", StringComparison.Ordinal))
        {
            text = text[7..].Trim();
        }

        // "Ivan Petrov <ivan@x.ru>" is how mail clients paste addresses.
        var open = text.LastIndexOf('<');
        if (open >= 0 && text is [.., '>'])
        {
            text = text[(open + 1)..^1].Trim();
        }

        if (IsPlaceholder(text))
        {
            return EmailResult.Unusable("placeholder value");
        }

        var at = text.IndexOf('@');
        if (at <= 0 || at != text.LastIndexOf('@') || at == text.Length - 1)
        {
            return EmailResult.Unusable("not an email address");
        }

        var local = text[..at];
        var domain = text[(at + 1)..].TrimEnd('.');
        if (local.Length > 64 || !IsLocalPart(local) || !IsHostName(domain))
        {
            return EmailResult.Unusable("not an email address");
        }

        if (domain.SequenceEqual("googlemail.com"))
        {
            domain = "gmail.com";
        }

        // Sub-addressing (ivan+news@) reaches the same mailbox; Gmail also ignores dots.
        var plus = local.IndexOf('+');
        if (plus > 0)
        {
            local = local[..plus];
        }

        var gmail = domain.SequenceEqual("gmail.com");
        Span<char> address = stackalloc char[local.Length + 1 + domain.Length];
        var length = 0;
        foreach (var c in local)
        {
            if (c != '.' || !gmail)
            {
                address[length++] = c;
            }
        }

        var mailbox = address[..length];
        address[length++] = '@';
        domain.CopyTo(address[length..]);
        address = address[..(length + domain.Length)];
        if (_placeholderEmails.Contains(address) || _placeholderDomains.Contains(domain) || IsPlaceholder(mailbox))
        {
            return EmailResult.Unusable("placeholder address");
        }

        var corporate = _freeMailDomains.Contains(domain) ? null : domain.ToString();
        return new EmailResult(Reuse(raw, address), _roleMailboxes.Contains(mailbox), corporate, null);
    }

    /// <summary>A phone number in E.164 (+79161234567), or null with the reason.</summary>
    public string? Phone(string raw, out string problem)
    {
        var text = raw.AsSpan().Trim();
        if (text.StartsWith("tel:", StringComparison.OrdinalIgnoreCase))
        {
            text = text[4..];
        }

        var cut = IndexOfExtension(text);
        if (cut >= 0)
        {
            text = text[..cut];
        }

        // The digits go after room for '+' and a country code of up to three digits.
        const int Digits = 4;
        Span<char> number = text.Length <= StackChars ? stackalloc char[Digits + text.Length] : new char[Digits + text.Length];
        var count = 0;
        var plus = false;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                number[Digits + count++] = c;
            }
            else if (c == '+' && count == 0 && !plus)
            {
                plus = true;
            }
            else if (c is not (' ' or '(' or ')' or '-' or '.' or '/' or '\u00a0' or '\u2011' or '\u2013'))
            {
                problem = IsPlaceholder(text) ? "placeholder value" : "not a phone number";
                return null;
            }
        }

        var d = number.Slice(Digits, count);
        int start;
        if (plus)
        {
            start = Digits;
        }
        else if (d.StartsWith("00"))
        {
            start = Digits + 2;
        }
        else if (d.Length == 11 && d[0] == '8')
        {
            // Russia's trunk prefix: 8 916 ... is +7 916 ...
            d[0] = '7';
            start = Digits;
        }
        else if (d.Length == 11 && d[0] == '7')
        {
            start = Digits;
        }
        else if (d.Length == 10)
        {
            start = Digits - _countryCode.Length;
            _countryCode.CopyTo(number[start..]);
        }
        else
        {
            problem = d.Length == 0 ? "placeholder value" : $"not a phone number ({d.Length} digits)";
            return null;
        }

        var e164 = number[start..(Digits + count)];
        if (e164.Length is < 8 or > 15 || e164[0] == '0' || (e164[0] == '7' && e164.Length != 11))
        {
            problem = $"not a phone number ({e164.Length} digits with country code)";
            return null;
        }

        var national = e164[0] == '7' ? e164[1..] : e164[Math.Min(3, e164.Length - 7)..];
        if (IsDummyNumber(national))
        {
            problem = "placeholder number";
            return null;
        }

        problem = string.Empty;
        number[start - 1] = '+';
        return Reuse(raw, number[(start - 1)..(Digits + count)]);
    }

    /// <summary>True for numbers the rules class as landlines (office switchboards, account-level).</summary>
    public bool IsLandline(string e164)
    {
        foreach (var prefix in _landlinePrefixes)
        {
            if (e164.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A social handle as network:handle in lower case (vk:ivan_petrov), or null with the reason.</summary>
    public string? Social(string raw, out string problem)
    {
        Span<char> buffer = stackalloc char[Math.Min(raw.Length, StackChars)];
        var text = TrimmedLower(raw, buffer);
        if (IsPlaceholder(text))
        {
            problem = "placeholder value";
            return null;
        }

        scoped ReadOnlySpan<char> network;
        scoped ReadOnlySpan<char> handle;
        if (ProfileUrl(text, out var fromUrl, out var path))
        {
            network = fromUrl;
            handle = path;
        }
        else
        {
            var colon = text.IndexOf(':');
            if (colon <= 0)
            {
                problem = "expected network:handle, e.g. vk:ivan_petrov";
                return null;
            }

            var name = text[..colon].Trim();
            network = NetworkAlias(name) ?? name;
            handle = text[(colon + 1)..].Trim();
        }

        handle = handle.TrimStart('@').TrimEnd('/');
        if (!IsNetworkName(network) || !IsHandle(handle))
        {
            problem = "expected network:handle, e.g. vk:ivan_petrov";
            return null;
        }

        if (IsPlaceholder(handle))
        {
            problem = "placeholder value";
            return null;
        }

        problem = string.Empty;
        Span<char> value = stackalloc char[network.Length + 1 + handle.Length];
        network.CopyTo(value);
        value[network.Length] = ':';
        handle.CopyTo(value[(network.Length + 1)..]);
        return Reuse(raw, value);
    }

    /// <summary>A Russian taxpayer number (10 digits for companies, 12 for individuals) with a valid check sum.</summary>
    public string? Inn(string raw, out string problem)
    {
        var digits = raw.Trim().Replace(" ", "", StringComparison.Ordinal);
        if (digits.Length is not (10 or 12) || digits.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            problem = IsPlaceholder(digits) ? "placeholder value" : "an INN has 10 or 12 digits";
            return null;
        }

        if (digits.AsSpan().IndexOfAnyExcept(digits[0]) < 0)
        {
            problem = "placeholder value";
            return null;
        }

        if (!InnChecksum.IsValid(digits))
        {
            problem = "INN check digits do not match";
            return null;
        }

        problem = string.Empty;
        return digits;
    }

    /// <summary>A company's web domain (romashka.ru), or null when it says nothing about one.</summary>
    public string? CompanyDomain(string raw, out string problem)
    {
        Span<char> buffer = stackalloc char[Math.Min(raw.Length, StackChars)];
        var text = TrimmedLower(raw, buffer);
        foreach (var scheme in (ReadOnlySpan<string>)["https://", "http://"])
        {
            if (text.StartsWith(scheme, StringComparison.Ordinal))
            {
                text = text[scheme.Length..];
            }
        }

        var end = text.IndexOfAny("/?#:");
        if (end >= 0)
        {
            text = text[..end];
        }

        text = text.TrimEnd('.');
        if (text.StartsWith("www.", StringComparison.Ordinal))
        {
            text = text[4..];
        }

        if (IsPlaceholder(text) || _placeholderDomains.Contains(text))
        {
            problem = "placeholder value";
            return null;
        }

        if (!IsHostName(text))
        {
            problem = "not a domain name";
            return null;
        }

        if (_freeMailDomains.Contains(text))
        {
            problem = "a free-mail domain does not identify a company";
            return null;
        }

        problem = string.Empty;
        return Reuse(raw, text);
    }

    /// <summary>An opaque id (cookie, login, CRM id): trimmed, case kept, placeholders dropped.</summary>
    public string? OpaqueId(string raw, out string problem)
    {
        var text = raw.Trim();
        if (IsPlaceholder(text) || (text.Length >= 3 && text.AsSpan().IndexOfAnyExcept(text[0]) < 0))
        {
            problem = "placeholder value";
            return null;
        }

        problem = string.Empty;
        return text;
    }

    private static void Keep(IdentityKeys keys, IdentifierKind kind, string field, string? value, string problem)
    {
        if (value is null)
        {
            keys.Ignore(field, problem);
        }
        else
        {
            keys.Add(kind, value);
        }
    }

    private bool IsPlaceholder(ReadOnlySpan<char> value) => _placeholderValues.Contains(value.Trim());

    // Frozen: the sets are read on every identifier of every line and never change; a line's check took ~3 % less
    // time than with HashSet's case-insensitive lookups (docs/performance.md, 2026-12-08).
    private static FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Set(IEnumerable<string> values) =>
        values.Select(v => v.Trim().ToLowerInvariant()).ToFrozenSet(StringComparer.OrdinalIgnoreCase)
            .GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// <c>raw.Trim().ToLowerInvariant()</c>: ASCII text (nearly every identifier) is lowered onto
    /// <paramref name="buffer"/>, or not copied at all when it has no capitals.
    /// </summary>
    private static ReadOnlySpan<char> TrimmedLower(string raw, Span<char> buffer)
    {
        var text = raw.AsSpan().Trim();
        if (text.Length > buffer.Length || !Ascii.IsValid(text))
        {
            return raw.Trim().ToLowerInvariant();
        }

        if (!text.ContainsAnyInRange('A', 'Z'))
        {
            return text;
        }

        // In ASCII, ToLowerInvariant maps A-Z and nothing else, as Ascii.ToLower does.
        Ascii.ToLower(text, buffer, out var length);
        return buffer[..length];
    }

    /// <summary>The normalised value; the string that came when normalising changed nothing, so there is no copy.</summary>
    private static string Reuse(string raw, ReadOnlySpan<char> value) => value.SequenceEqual(raw) ? raw : value.ToString();

    private static int IndexOfExtension(ReadOnlySpan<char> text)
    {
        Span<char> buffer = stackalloc char[Math.Min(text.Length, StackChars)];
        scoped ReadOnlySpan<char> lower;
        if (text.Length <= buffer.Length && Ascii.IsValid(text))
        {
            Ascii.ToLower(text, buffer, out var length);
            lower = buffer[..length];
        }
        else
        {
            lower = text.ToString().ToLowerInvariant();
        }

        var best = -1;
        foreach (var marker in (ReadOnlySpan<string>)["ext", "доб", "x", "#", ",", ";"])
        {
            var i = lower.IndexOf(marker, StringComparison.Ordinal);
            if (i > 0 && (best < 0 || i < best))
            {
                best = i;
            }
        }

        return best;
    }

    private static bool IsDummyNumber(ReadOnlySpan<char> national)
    {
        if (national.IndexOfAnyExcept(national[0]) < 0)
        {
            return true;
        }

        const string Ascending = "01234567890123456789";
        const string Descending = "98765432109876543210";
        return Ascending.AsSpan().IndexOf(national) >= 0 || Descending.AsSpan().IndexOf(national) >= 0;
    }

    private static bool IsLocalPart(ReadOnlySpan<char> local)
    {
        if (local.Length == 0 || local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in local)
        {
            if (!(char.IsLetterOrDigit(c) || "!#$%&'*+/=?^_`{|}~.-".Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>At least two labels of letters, digits and inner hyphens; a top-level label that is not all digits.</summary>
    internal static bool IsHostName(ReadOnlySpan<char> host)
    {
        var lastDot = host.LastIndexOf('.');
        if (host.Length is 0 or > 253 || lastDot < 0 || !host[(lastDot + 1)..].ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        foreach (var range in host.Split('.'))
        {
            var label = host[range];
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!(char.IsLetterOrDigit(c) || c == '-'))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool ProfileUrl(ReadOnlySpan<char> text, out string network, out ReadOnlySpan<char> handle)
    {
        network = string.Empty;
        handle = default;
        foreach (var scheme in (ReadOnlySpan<string>)["https://", "http://"])
        {
            if (text.StartsWith(scheme, StringComparison.Ordinal))
            {
                text = text[scheme.Length..];
            }
        }

        if (text.StartsWith("www.", StringComparison.Ordinal) || text.StartsWith("m.", StringComparison.Ordinal))
        {
            text = text[(text.IndexOf('.') + 1)..];
        }

        var slash = text.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }

        var path = text[(slash + 1)..];
        var query = path.IndexOfAny('?', '#');
        if (query >= 0)
        {
            path = path[..query];
        }

        path = path.TrimEnd('/');
        string? known = text[..slash] switch
        {
            "vk.com" or "vk.ru" => "vk",
            "t.me" or "telegram.me" => "telegram",
            "instagram.com" => "instagram",
            "facebook.com" or "fb.com" => "facebook",
            "twitter.com" or "x.com" => "twitter",
            "ok.ru" => "ok",
            "linkedin.com" => "linkedin",
            "youtube.com" => "youtube",
            _ => null,
        };
        if (known is null)
        {
            return false;
        }

        if (known == "linkedin" && path.StartsWith("in/", StringComparison.Ordinal))
        {
            path = path[3..];
        }

        if (path.Length == 0 || path.Contains('/'))
        {
            return false;
        }

        network = known;
        handle = path;
        return true;
    }

    private static string? NetworkAlias(ReadOnlySpan<char> network) => network switch
    {
        "vkontakte" => "vk",
        "tg" or "t.me" => "telegram",
        "ig" or "insta" => "instagram",
        "fb" => "facebook",
        "x" => "twitter",
        "li" => "linkedin",
        _ => null,
    };

    private static bool IsNetworkName(ReadOnlySpan<char> network)
    {
        if (network.Length is 0 or > 32 || !char.IsAsciiLetterLower(network[0]))
        {
            return false;
        }

        foreach (var c in network)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsHandle(ReadOnlySpan<char> handle)
    {
        if (handle.Length is 0 or > 64)
        {
            return false;
        }

        foreach (var c in handle)
        {
            if (!(char.IsLetterOrDigit(c) || c is '_' or '.' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
