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
    private readonly HashSet<string> _roleMailboxes;
    private readonly HashSet<string> _freeMailDomains;
    private readonly HashSet<string> _placeholderValues;
    private readonly HashSet<string> _placeholderEmails;
    private readonly HashSet<string> _placeholderDomains;
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
        Opaque(keys, IdentifierKind.CrmContactId, "identifiers.crm_contact_id", identifiers.CrmContactId);
        Opaque(keys, IdentifierKind.UserId, "identifiers.user_id", identifiers.UserId);
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
            if (Phone(rawPhone, out var problem) is { } phone)
            {
                keys.Add(IsLandline(phone) ? IdentifierKind.OfficePhone : IdentifierKind.Phone, phone);
            }
            else
            {
                keys.Ignore("identifiers.phone", problem);
            }
        }

        Add(keys, IdentifierKind.Social, "identifiers.social", identifiers.Social, Social);
        Opaque(keys, IdentifierKind.AnonymousId, "identifiers.anonymous_id", identifiers.AnonymousId);

        if (account is not null)
        {
            Opaque(keys, IdentifierKind.CrmAccountId, "account.account_id", account.AccountId);
            Add(keys, IdentifierKind.Inn, "account.inn", account.Inn, Inn);
            Add(keys, IdentifierKind.Domain, "account.domain", account.Domain, CompanyDomain);
        }

        return keys;
    }

    /// <summary>An email address, classed as a person's, a role mailbox, or not usable.</summary>
    public EmailResult Email(string raw)
    {
        var text = raw.Trim().ToLowerInvariant();
        if (text.StartsWith("mailto:", StringComparison.Ordinal))
        {
            text = text[7..].Trim();
        }

        // "Ivan Petrov <ivan@x.ru>" is how mail clients paste addresses.
        var open = text.LastIndexOf('<');
        if (open >= 0 && text.EndsWith('>'))
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

        if (domain == "googlemail.com")
        {
            domain = "gmail.com";
        }

        // Sub-addressing (ivan+news@) reaches the same mailbox; Gmail also ignores dots.
        var plus = local.IndexOf('+');
        if (plus > 0)
        {
            local = local[..plus];
        }

        if (domain == "gmail.com")
        {
            local = local.Replace(".", "", StringComparison.Ordinal);
        }

        var address = $"{local}@{domain}";
        if (_placeholderEmails.Contains(address) || _placeholderDomains.Contains(domain) || IsPlaceholder(local))
        {
            return EmailResult.Unusable("placeholder address");
        }

        var corporate = _freeMailDomains.Contains(domain) ? null : domain;
        return new EmailResult(address, _roleMailboxes.Contains(local), corporate, null);
    }

    /// <summary>A phone number in E.164 (+79161234567), or null with the reason.</summary>
    public string? Phone(string raw, out string problem)
    {
        var text = raw.Trim();
        if (text.StartsWith("tel:", StringComparison.OrdinalIgnoreCase))
        {
            text = text[4..];
        }

        var cut = IndexOfExtension(text);
        if (cut >= 0)
        {
            text = text[..cut];
        }

        var digits = new StringBuilder(16);
        var plus = false;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c == '+' && digits.Length == 0 && !plus)
            {
                plus = true;
            }
            else if (c is not (' ' or '(' or ')' or '-' or '.' or '/' or '\u00a0' or '\u2011' or '\u2013'))
            {
                problem = IsPlaceholder(text) ? "placeholder value" : "not a phone number";
                return null;
            }
        }

        var d = digits.ToString();
        string e164;
        if (plus)
        {
            e164 = d;
        }
        else if (d.StartsWith("00", StringComparison.Ordinal))
        {
            e164 = d[2..];
        }
        else if (d.Length == 11 && d[0] == '8')
        {
            // Russia's trunk prefix: 8 916 ... is +7 916 ...
            e164 = "7" + d[1..];
        }
        else if (d.Length == 11 && d[0] == '7')
        {
            e164 = d;
        }
        else if (d.Length == 10)
        {
            e164 = _countryCode + d;
        }
        else
        {
            problem = d.Length == 0 ? "placeholder value" : $"not a phone number ({d.Length} digits)";
            return null;
        }

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
        return "+" + e164;
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
        var text = raw.Trim().ToLowerInvariant();
        if (IsPlaceholder(text))
        {
            problem = "placeholder value";
            return null;
        }

        string network, handle;
        if (ProfileUrl(text) is { } fromUrl)
        {
            (network, handle) = fromUrl;
        }
        else
        {
            var colon = text.IndexOf(':');
            if (colon <= 0)
            {
                problem = "expected network:handle, e.g. vk:ivan_petrov";
                return null;
            }

            network = NetworkAlias(text[..colon].Trim());
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
        return $"{network}:{handle}";
    }

    /// <summary>A Russian taxpayer number (10 digits for companies, 12 for individuals) with a valid check sum.</summary>
    public string? Inn(string raw, out string problem)
    {
        var digits = raw.Trim().Replace(" ", "", StringComparison.Ordinal);
        if (digits.Length is not (10 or 12) || !digits.All(char.IsAsciiDigit))
        {
            problem = IsPlaceholder(digits) ? "placeholder value" : "an INN has 10 or 12 digits";
            return null;
        }

        if (digits.Distinct().Count() == 1)
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
        var text = raw.Trim().ToLowerInvariant();
        foreach (var scheme in (ReadOnlySpan<string>)["https://", "http://"])
        {
            if (text.StartsWith(scheme, StringComparison.Ordinal))
            {
                text = text[scheme.Length..];
            }
        }

        var end = text.IndexOfAny(['/', '?', '#', ':']);
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
        return text;
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

    private delegate string? Normalizer(string raw, out string problem);

    private static void Add(IdentityKeys keys, IdentifierKind kind, string field, string? raw, Normalizer normalize)
    {
        if (raw is null)
        {
            return;
        }

        var value = normalize(raw, out var problem);
        if (value is null)
        {
            keys.Ignore(field, problem);
        }
        else
        {
            keys.Add(kind, value);
        }
    }

    private void Opaque(IdentityKeys keys, IdentifierKind kind, string field, string? raw) => Add(keys, kind, field, raw, OpaqueId);

    private bool IsPlaceholder(string value) => _placeholderValues.Contains(value.Trim());

    private static HashSet<string> Set(IEnumerable<string> values) =>
        new(values.Select(v => v.Trim().ToLowerInvariant()), StringComparer.OrdinalIgnoreCase);

    private static int IndexOfExtension(string text)
    {
        var lower = text.ToLowerInvariant();
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

    private static bool IsDummyNumber(string national)
    {
        if (national.AsSpan().IndexOfAnyExcept(national[0]) < 0)
        {
            return true;
        }

        const string Ascending = "01234567890123456789";
        const string Descending = "98765432109876543210";
        return Ascending.Contains(national, StringComparison.Ordinal) || Descending.Contains(national, StringComparison.Ordinal);
    }

    private static bool IsLocalPart(string local)
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
    internal static bool IsHostName(string host)
    {
        if (host.Length is 0 or > 253)
        {
            return false;
        }

        var labels = host.Split('.');
        if (labels.Length < 2 || labels[^1].All(char.IsAsciiDigit))
        {
            return false;
        }

        foreach (var label in labels)
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-' ||
                !label.All(c => char.IsLetterOrDigit(c) || c == '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static (string Network, string Handle)? ProfileUrl(string text)
    {
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
            return null;
        }

        var host = text[..slash];
        var path = text[(slash + 1)..].Split('?', '#')[0].TrimEnd('/');
        var network = host switch
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
        if (network is null)
        {
            return null;
        }

        if (network == "linkedin" && path.StartsWith("in/", StringComparison.Ordinal))
        {
            path = path[3..];
        }

        return path.Length == 0 || path.Contains('/', StringComparison.Ordinal) ? null : (network, path);
    }

    private static string NetworkAlias(string network) => network switch
    {
        "vkontakte" => "vk",
        "tg" or "t.me" => "telegram",
        "ig" or "insta" => "instagram",
        "fb" => "facebook",
        "x" => "twitter",
        "li" => "linkedin",
        _ => network,
    };

    private static bool IsNetworkName(string network) =>
        network.Length is > 0 and <= 32 && char.IsAsciiLetterLower(network[0]) &&
        network.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');

    private static bool IsHandle(string handle) =>
        handle.Length is > 0 and <= 64 && handle.All(c => char.IsLetterOrDigit(c) || c is '_' or '.' or '-');
}
