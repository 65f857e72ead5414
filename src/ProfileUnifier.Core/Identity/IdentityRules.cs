using System.ComponentModel.DataAnnotations;
using ProfileUnifier.Core.Identity.Overrides;

namespace ProfileUnifier.Core.Identity;

/// <summary>
/// The configurable part of identity resolution (section <c>Identity</c> of config/appsettings.json).
/// Lists are case-insensitive; defaults cover Russian and international B2B data. A list given in settings
/// replaces the default list (an empty list means none), it does not add to it.
/// </summary>
public sealed class IdentityRules
{
    public const string SectionName = "Identity";

    /// <summary>Country calling code for 10-digit national numbers without one.</summary>
    [Required, RegularExpression("^[1-9][0-9]{0,2}$")]
    public string DefaultCountryCode { get; set; } = "7";

    /// <summary>
    /// An identifier seen with more distinct emails than this is shared (a kiosk, a family tablet, an
    /// office line) and stops merging people.
    /// </summary>
    [Range(1, 100)]
    public int MaxEmailsPerIdentifier { get; set; } = 3;

    /// <summary>
    /// How many events at a new employer make a move (a job change): fewer, and evidence for another account
    /// is a one-off (an order for a sister company) that does not change the person's account.
    /// </summary>
    [Range(1, 1000)]
    public int MinEventsForJobChange { get; set; } = 2;

    /// <summary>Reviewed corrections: values that never link, pairs never together, pairs that must be (section <c>Identity:Overrides</c>).</summary>
    public IdentityOverrideSettings Overrides { get; set; } = new();

    /// <summary>
    /// Phone numbers starting with these are landlines (office switchboards): account-level, never a person.
    /// The defaults are Russia's geographic codes (+7 3xx, 4xx, 8xx); mobiles are +7 9xx. Empty: every
    /// number is a person's until seen with too many people.
    /// </summary>
    public List<string> AccountLevelPhonePrefixes { get; set; } = ["+73", "+74", "+78"];

    /// <summary>Local parts of role mailboxes: account-level, never a person.</summary>
    public List<string> RoleMailboxes { get; set; } =
    [
        "info", "sales", "office", "zakaz", "support", "hello", "contact", "contacts", "admin", "mail", "marketing",
        "hr", "buh", "buhgalteria", "secretary", "reception", "orders", "order", "team", "billing", "press", "pr",
        "noreply", "no-reply", "feedback", "service", "help", "director", "manager", "post", "kadry", "job", "jobs",
        "partners", "tender", "snab", "opt",
    ];

    /// <summary>Mail providers whose domain says nothing about the employer.</summary>
    public List<string> FreeMailDomains { get; set; } =
    [
        "gmail.com", "googlemail.com", "mail.ru", "bk.ru", "list.ru", "inbox.ru", "internet.ru", "yandex.ru",
        "ya.ru", "yandex.com", "yandex.by", "yandex.kz", "rambler.ru", "lenta.ru", "outlook.com", "hotmail.com",
        "live.com", "msn.com", "yahoo.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me",
        "protonmail.com", "gmx.de", "gmx.net", "web.de", "zoho.com", "tut.by", "ukr.net", "qip.ru", "mail.com",
    ];

    /// <summary>Values that mean "no value" for any identifier.</summary>
    public List<string> PlaceholderValues { get; set; } =
    [
        "", "null", "undefined", "none", "nil", "nan", "n/a", "na", "-", "--", "0", "unknown", "test", "[object object]",
        "anonymous", "guest", "default", "00000000-0000-0000-0000-000000000000",
    ];

    /// <summary>Emails that are filled in to get past a form, not anybody's address.</summary>
    public List<string> PlaceholderEmails { get; set; } =
    [
        "test@test.com", "test@test.ru", "test@example.com", "a@a.com", "a@a.ru", "no@email.com", "none@none.com",
        "noemail@noemail.com", "email@email.com", "mail@mail.com", "asdf@asdf.com", "qwerty@qwerty.ru", "user@domain.com",
    ];

    /// <summary>Domains reserved for examples and tests (RFC 2606) and other never-real ones.</summary>
    public List<string> PlaceholderDomains { get; set; } =
        ["example.com", "example.org", "example.net", "example.ru", "test.com", "test.ru", "localhost", "invalid", "domain.com"];
}
