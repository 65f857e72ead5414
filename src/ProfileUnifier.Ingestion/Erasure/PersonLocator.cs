using ProfileUnifier.Core.Identity;
using ProfileUnifier.Core.Identity.Snapshot;

namespace ProfileUnifier.Ingestion.Erasure;

/// <summary>
/// Finds the person an erasure request names in the identity engine's state: the identifier is normalised as ingestion
/// normalises it (and hashed, in a pseudonymised lake), must belong to one person (a role mailbox, an office line or a
/// shared identifier is refused: erasing it would erase others), and brings the person's own identifiers and signatures.
/// </summary>
public sealed class PersonLocator(IdentitySnapshot snapshot, IdentifierNormalizer normalizer, Func<IdentifierKind, string, string> stored)
{
    public ErasedPerson Find(ErasureRequest request)
    {
        var profileId = request.Key == ErasureKey.ProfileId ? ProfileById(request.Value.Trim()) : ProfileByIdentifier(request);
        var identifiers = snapshot.Identities
            .Where(r => r.ProfileId == profileId && !r.IsShared && r.Level == "person" && IdentifierKinds.TryParse(r.IdentifierType, out _))
            .Select(r => (Kind: Kind(r.IdentifierType), Value: r.IdentifierValue))
            .ToList();
        var signatures = snapshot.Signatures.Where(s => s.ProfileId == profileId).Select(s => s.SignatureId).ToHashSet(StringComparer.Ordinal);
        return new ErasedPerson(profileId, identifiers, signatures);
    }

    private string ProfileById(string id) =>
        snapshot.Profiles.Any(p => p.ProfileId == id) ? id : throw new PersonNotFoundException($"no profile {id}");

    private string ProfileByIdentifier(ErasureRequest request)
    {
        var (kinds, value, option) = Normalise(request);
        var described = $"--{option} {Shown(request.Value)}";
        var row = snapshot.Identities.FirstOrDefault(r => r.IdentifierValue == value && kinds.Contains(r.IdentifierType))
                  ?? throw new PersonNotFoundException($"no profile has {described}");
        if (row.Level != "person")
        {
            throw new ArgumentException($"{described} is a company's ({row.IdentifierType}), not one person's: erasing it would erase everyone seen with it; give an identifier only the person uses, or --profile-id");
        }

        return row.ProfileId ?? throw new ArgumentException(
            $"{described} is shared by several people ({row.SharedReason ?? "shared"}): give an identifier only the person uses, or --profile-id");
    }

    private (string[] Kinds, string Value, string Option) Normalise(ErasureRequest request)
    {
        var raw = request.Value;
        switch (request.Key)
        {
            case ErasureKey.Email:
                var email = normalizer.Email(raw);
                if (email.Value is null)
                {
                    throw new ArgumentException($"--email {Shown(raw)}: {email.Problem}");
                }

                return email.IsRole
                    ? throw new ArgumentException($"--email {Shown(raw)} is a role mailbox (a company's, not one person's): give an identifier only the person uses, or --profile-id")
                    : (["email"], stored(IdentifierKind.Email, email.Value), "email");
            case ErasureKey.Phone:
                var phone = normalizer.Phone(raw, out var problem) ?? throw new ArgumentException($"--phone {Shown(raw)}: {problem}");
                return normalizer.IsLandline(phone)
                    ? throw new ArgumentException($"--phone {Shown(raw)} is an office line (a company's, not one person's): give an identifier only the person uses, or --profile-id")
                    : (["phone"], stored(IdentifierKind.Phone, phone), "phone");
            default:
                var id = normalizer.OpaqueId(raw, out problem) ?? throw new ArgumentException($"--crm-id {Shown(raw)}: {problem}");
                return (["crm_contact_id"], stored(IdentifierKind.CrmContactId, id), "crm-id");
        }
    }

    /// <summary>An identifier as messages show it: masked, so that erasing someone does not print who they are.</summary>
    public static string Shown(string value)
    {
        var text = value.Trim();
        var at = text.IndexOf('@', StringComparison.Ordinal);
        return at > 0
            ? text[0] + new string('*', Math.Max(3, at - 1)) + text[at..]
            : text.Length <= 4 ? new string('*', text.Length) : text[..2] + new string('*', text.Length - 4) + text[^2..];
    }

    private static IdentifierKind Kind(string wire) => IdentifierKinds.TryParse(wire, out var kind) ? kind : throw new InvalidDataException(wire);
}
