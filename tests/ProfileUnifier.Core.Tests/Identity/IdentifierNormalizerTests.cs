using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Identity;

namespace ProfileUnifier.Core.Tests.Identity;

public sealed class IdentifierNormalizerTests
{
    private readonly IdentifierNormalizer _normalizer = new(new IdentityRules());

    [Theory]
    [InlineData("Ivan.Petrov@Romashka.ru", "ivan.petrov@romashka.ru", false, "romashka.ru")]
    [InlineData("  ivan@romashka.ru\t", "ivan@romashka.ru", false, "romashka.ru")]
    [InlineData("mailto:Ivan@Romashka.RU", "ivan@romashka.ru", false, "romashka.ru")]
    [InlineData("Ivan Petrov <ivan@romashka.ru>", "ivan@romashka.ru", false, "romashka.ru")]
    [InlineData("ivan+newsletter@romashka.ru", "ivan@romashka.ru", false, "romashka.ru")]
    [InlineData("Ivan.Petrov@gmail.com", "ivanpetrov@gmail.com", false, null)]
    [InlineData("ivan.petrov@googlemail.com", "ivanpetrov@gmail.com", false, null)]
    [InlineData("ivan.petrov@mail.ru", "ivan.petrov@mail.ru", false, null)]
    [InlineData("ivan@yandex.ru", "ivan@yandex.ru", false, null)]
    [InlineData("INFO@romashka.ru", "info@romashka.ru", true, "romashka.ru")]
    [InlineData("sales@romashka.ru", "sales@romashka.ru", true, "romashka.ru")]
    [InlineData("zakaz@romashka.ru", "zakaz@romashka.ru", true, "romashka.ru")]
    [InlineData("office@mail.ru", "office@mail.ru", true, null)]
    [InlineData("иван@ромашка.рф", "иван@ромашка.рф", false, "ромашка.рф")]
    public void Email_UsableAddress_IsNormalisedAndClassed(string raw, string expected, bool isRole, string? domain)
    {
        var result = _normalizer.Email(raw);

        Assert.Equal(expected, result.Value);
        Assert.Equal(isRole, result.IsRole);
        Assert.Equal(domain, result.CorporateDomain);
    }

    [Theory]
    [InlineData("", "placeholder value")]
    [InlineData("null", "placeholder value")]
    [InlineData("undefined", "placeholder value")]
    [InlineData("N/A", "placeholder value")]
    [InlineData("test@test.com", "placeholder address")]
    [InlineData("Test@Test.com", "placeholder address")]
    [InlineData("someone@example.com", "placeholder address")]
    [InlineData("null@romashka.ru", "placeholder address")]
    [InlineData("ivan", "not an email address")]
    [InlineData("ivan@", "not an email address")]
    [InlineData("@romashka.ru", "not an email address")]
    [InlineData("ivan@@romashka.ru", "not an email address")]
    [InlineData("ivan@romashka", "not an email address")]
    [InlineData("ivan petrov@romashka.ru", "not an email address")]
    [InlineData("a@b.com'; DROP TABLE profiles;--", "not an email address")]
    [InlineData("<script>alert(1)</script>@x.ru", "not an email address")]
    [InlineData("ivan..petrov@romashka.ru", "not an email address")]
    [InlineData("ivan@-romashka.ru", "not an email address")]
    [InlineData("ivan@192.168.0.1", "not an email address")]
    public void Email_UnusableValue_SaysWhy(string raw, string problem)
    {
        var result = _normalizer.Email(raw);

        Assert.Null(result.Value);
        Assert.Equal(problem, result.Problem);
    }

    [Theory]
    [InlineData("+7 (916) 123-45-67", "+79161234567")]
    [InlineData("8 916 123 45 67", "+79161234567")]
    [InlineData("89161234567", "+79161234567")]
    [InlineData("79161234567", "+79161234567")]
    [InlineData("9161234567", "+79161234567")]
    [InlineData("+7-916-123-45-67 доб. 123", "+79161234567")]
    [InlineData("+7 495 123-45-67 ext 12", "+74951234567")]
    [InlineData("tel:+74951234567", "+74951234567")]
    [InlineData("+44 20 7946 0958", "+442079460958")]
    [InlineData("0044 20 7946 0958", "+442079460958")]
    [InlineData("+1 (415) 555-2671", "+14155552671")]
    [InlineData("+79161234567", "+79161234567")]
    public void Phone_UsableNumber_BecomesE164(string raw, string expected)
    {
        Assert.Equal(expected, _normalizer.Phone(raw, out _));
    }

    [Theory]
    [InlineData("", "placeholder value")]
    [InlineData("null", "placeholder value")]
    [InlineData("+7 (000) 000-00-00", "placeholder number")]
    [InlineData("8 999 999 99 99", "placeholder number")]
    [InlineData("1111111111", "placeholder number")]
    [InlineData("+7 123 456 78 90", "placeholder number")]
    [InlineData("12345", "not a phone number (5 digits)")]
    [InlineData("+7 916 123 45 6", "not a phone number (10 digits with country code)")]
    [InlineData("call me maybe", "not a phone number")]
    [InlineData("+7 916 123 45 67'; DROP TABLE x", "not a phone number")]
    [InlineData("+0 916 123 45 67", "not a phone number (11 digits with country code)")]
    public void Phone_UnusableValue_SaysWhy(string raw, string problem)
    {
        Assert.Null(_normalizer.Phone(raw, out var actual));
        Assert.Equal(problem, actual);
    }

    [Fact]
    public void Phone_DefaultCountryCode_IsConfigurable()
    {
        var kazakh = new IdentifierNormalizer(new IdentityRules { DefaultCountryCode = "44" });

        Assert.Equal("+442079460958", kazakh.Phone("2079460958", out _));
    }

    [Theory]
    [InlineData("vk:ivan_petrov", "vk:ivan_petrov")]
    [InlineData("VK:@Ivan_Petrov", "vk:ivan_petrov")]
    [InlineData(" vkontakte : ivan_petrov ", "vk:ivan_petrov")]
    [InlineData("https://vk.com/ivan_petrov", "vk:ivan_petrov")]
    [InlineData("https://t.me/IvanPetrov/", "telegram:ivanpetrov")]
    [InlineData("tg:@ivanpetrov", "telegram:ivanpetrov")]
    [InlineData("https://www.linkedin.com/in/ivan-petrov", "linkedin:ivan-petrov")]
    [InlineData("instagram.com/ivan.petrov", "instagram:ivan.petrov")]
    public void Social_Handle_BecomesNetworkColonHandle(string raw, string expected)
    {
        Assert.Equal(expected, _normalizer.Social(raw, out _));
    }

    [Theory]
    [InlineData("@ivan_petrov")]
    [InlineData("ivan petrov")]
    [InlineData("vk:")]
    [InlineData("vk:ivan petrov")]
    [InlineData("https://example.org/ivan")]
    public void Social_WithoutNetworkOrHandle_IsNotUsable(string raw)
    {
        Assert.Null(_normalizer.Social(raw, out var problem));
        Assert.NotEmpty(problem);
    }

    [Theory]
    [InlineData("7707083893", "7707083893")]
    [InlineData("7707 083 893", "7707083893")]
    [InlineData("500100732259", "500100732259")]
    public void Inn_ValidCheckDigits_IsKept(string raw, string expected)
    {
        Assert.Equal(expected, _normalizer.Inn(raw, out _));
    }

    [Theory]
    [InlineData("7707083894", "INN check digits do not match")]
    [InlineData("0000000000", "placeholder value")]
    [InlineData("77070838", "an INN has 10 or 12 digits")]
    [InlineData("77O7083893", "an INN has 10 or 12 digits")]
    public void Inn_Invalid_SaysWhy(string raw, string problem)
    {
        Assert.Null(_normalizer.Inn(raw, out var actual));
        Assert.Equal(problem, actual);
    }

    [Theory]
    [InlineData("Romashka.ru", "romashka.ru")]
    [InlineData("https://www.romashka.ru/about?x=1", "romashka.ru")]
    [InlineData("romashka.ru.", "romashka.ru")]
    [InlineData("shop.romashka.ru:8080", "shop.romashka.ru")]
    public void CompanyDomain_Url_BecomesHost(string raw, string expected)
    {
        Assert.Equal(expected, _normalizer.CompanyDomain(raw, out _));
    }

    [Theory]
    [InlineData("gmail.com", "a free-mail domain does not identify a company")]
    [InlineData("mail.ru", "a free-mail domain does not identify a company")]
    [InlineData("example.com", "placeholder value")]
    [InlineData("localhost", "placeholder value")]
    [InlineData("romashka", "not a domain name")]
    public void CompanyDomain_NotACompany_SaysWhy(string raw, string problem)
    {
        Assert.Null(_normalizer.CompanyDomain(raw, out var actual));
        Assert.Equal(problem, actual);
    }

    [Theory]
    [InlineData(" C-1001 ", "C-1001")]
    [InlineData("cookie-AbC", "cookie-AbC")]
    public void OpaqueId_IsTrimmedAndKeepsCase(string raw, string expected)
    {
        Assert.Equal(expected, _normalizer.OpaqueId(raw, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("null")]
    [InlineData("undefined")]
    [InlineData("0")]
    [InlineData("00000000")]
    [InlineData("xxxx")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public void OpaqueId_Placeholder_IsNotUsable(string raw)
    {
        Assert.Null(_normalizer.OpaqueId(raw, out var problem));
        Assert.Equal("placeholder value", problem);
    }

    [Fact]
    public void Normalize_RoleMailbox_IsAccountLevelWithItsDomain()
    {
        var keys = _normalizer.Normalize(new RawIdentifiers { Email = "Info@Romashka.ru" }, null);

        Assert.Contains(new IdentityKey(IdentifierKind.RoleEmail, "info@romashka.ru", false), keys.Keys);
        Assert.Contains(new IdentityKey(IdentifierKind.Domain, "romashka.ru", false), keys.Keys);
        Assert.DoesNotContain(keys.Keys, k => k.Kind.IsPersonLevel());
    }

    [Fact]
    public void Normalize_FreeMailPerson_HasNoCompanyDomain()
    {
        var keys = _normalizer.Normalize(new RawIdentifiers { Email = "ivan@gmail.com" }, null);

        Assert.Equal([new IdentityKey(IdentifierKind.Email, "ivan@gmail.com")], keys.Keys);
    }

    [Fact]
    public void Normalize_AccountBlockDomainSameAsEmailDomain_IsOneStatedKey()
    {
        var keys = _normalizer.Normalize(new RawIdentifiers { Email = "ivan@romashka.ru" },
            new AccountBlock { AccountId = "A-17", Domain = "www.romashka.ru" });

        Assert.Single(keys.Keys, k => k.Kind == IdentifierKind.Domain);
        Assert.Contains(new IdentityKey(IdentifierKind.Domain, "romashka.ru", true), keys.Keys);
        Assert.Contains(new IdentityKey(IdentifierKind.CrmAccountId, "A-17", true), keys.Keys);
    }

    [Fact]
    public void Normalize_OnlyPlaceholders_IsEmptyAndListsEveryReason()
    {
        var keys = _normalizer.Normalize(
            new RawIdentifiers { Email = "test@test.com", Phone = "+7 (000) 000-00-00", AnonymousId = "undefined" }, null);

        Assert.True(keys.IsEmpty);
        Assert.Equal(
            ["identifiers.email: placeholder address", "identifiers.phone: placeholder number", "identifiers.anonymous_id: placeholder value"],
            keys.Ignored.Select(i => i.ToString()));
    }

    [Theory]
    [InlineData("Ivan.Petrov+x@GoogleMail.com")]
    [InlineData("8 (916) 123-45-67")]
    [InlineData("https://vk.com/Ivan")]
    [InlineData("INFO@Romashka.RU")]
    public void Normalize_AppliedTwice_ChangesNothing(string raw)
    {
        var once = _normalizer.Normalize(new RawIdentifiers { Email = raw, Phone = raw, Social = raw }, null);
        var again = _normalizer.Normalize(new RawIdentifiers
        {
            Email = once.Get(IdentifierKind.Email) ?? once.Get(IdentifierKind.RoleEmail),
            Phone = once.Get(IdentifierKind.Phone),
            Social = once.Get(IdentifierKind.Social),
        }, null);

        Assert.Equal(once.Keys, again.Keys);
    }
}
