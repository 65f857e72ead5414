using ProfileUnifier.Core.Identity;
using ProfileUnifier.Core.Identity.Snapshot;

namespace ProfileUnifier.Core.Privacy;

/// <summary>
/// The identity engine's snapshot as a pseudonymised lake publishes it: every identifier a person can be told by (emails,
/// phones, CRM contact and user ids, cookies, social handles) and people's names become their tokens
/// (<see cref="Pseudonymizer.Pseudonym"/>, equal to the tokens <c>touchpoints</c> holds, so the tables still join).
/// Company identifiers (CRM account id, INN, domain) and company names stay in clear: they name a company, not a person.
/// Ids are the engine's (keyed for profiles and signatures: <see cref="IdentityEngine.KeyPersonIds"/>).
/// </summary>
public static partial class SnapshotPseudonyms
{
    /// <summary>Whether a pseudonymised lake holds identifiers of this kind as tokens.</summary>
    public static bool IsPseudonymised(IdentifierKind kind) => kind is not (IdentifierKind.CrmAccountId or IdentifierKind.Inn or IdentifierKind.Domain);

    /// <param name="overrides">How the override rules' identifiers are stored (the rules are read back on a replay, so their
    /// clear values must be recoverable: the caller keeps them in the restricted table).</param>
    public static IdentitySnapshot Apply(IdentitySnapshot snapshot, Pseudonymizer hasher, Func<IdentifierKind, string, string> overrides)
    {
        string? Of(IdentifierKind kind, string? value) => value is null ? null : hasher.Pseudonym(kind, value);
        List<string> All(IdentifierKind kind, IReadOnlyList<string> values) => [.. values.Select(v => hasher.Pseudonym(kind, v))];
        string? Name(string domain, string? value) => value is null ? null : hasher.Token(domain, value);
        IdentityKey Key(IdentityKey key) => IsPseudonymised(key.Kind) ? key with { Value = overrides(key.Kind, key.Value) } : key;

        return snapshot with
        {
            Identities =
            [
                .. snapshot.Identities.Select(r => IdentifierKinds.TryParse(r.IdentifierType, out var kind) && IsPseudonymised(kind)
                    ? r with { IdentifierValue = hasher.Pseudonym(kind, r.IdentifierValue) }
                    : r),
            ],
            Profiles =
            [
                .. snapshot.Profiles.Select(p => p with
                {
                    FirstName = Name(FirstNameDomain, p.FirstName),
                    LastName = Name(LastNameDomain, p.LastName),
                    Emails = All(IdentifierKind.Email, p.Emails),
                    Phones = All(IdentifierKind.Phone, p.Phones),
                    CrmContactId = Of(IdentifierKind.CrmContactId, p.CrmContactId),
                    UserId = Of(IdentifierKind.UserId, p.UserId),
                    Socials = All(IdentifierKind.Social, p.Socials),
                }),
            ],
            Accounts = [.. snapshot.Accounts.Select(a => a with { Phones = All(IdentifierKind.OfficePhone, a.Phones) })],
            Overrides = [.. snapshot.Overrides.Select(o => o with { A = Key(o.A), B = o.B is { } b ? Key(b) : null })],
        };
    }

    /// <summary>
    /// A text the engine wrote that quotes identifiers as <c>kind value</c> or <c>kind:value</c> (a merge's or split's reason:
    /// "email ivan@romashka.ru is shared", an override rule), with each personal one replaced by its token.
    /// </summary>
    public static string Text(string text, Pseudonymizer hasher) => Quoted().Replace(text, m =>
        IdentifierKinds.TryParse(m.Groups["kind"].Value, out var kind) && IsPseudonymised(kind)
            ? m.Groups["kind"].Value + m.Groups["sep"].Value + hasher.Pseudonym(kind, m.Groups["value"].Value)
            : m.Value);

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?<kind>crm_contact_id|user_id|role_email|email|office_phone|phone|social|anonymous_id)(?<sep>[ :])(?<value>[^\s;,()]+)")]
    private static partial System.Text.RegularExpressions.Regex Quoted();

    /// <summary>The token domains of names (the same in <c>touchpoints</c> and <c>profiles</c>).</summary>
    public const string FirstNameDomain = "first_name", LastNameDomain = "last_name";
}
