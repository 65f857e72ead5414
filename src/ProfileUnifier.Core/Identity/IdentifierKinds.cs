namespace ProfileUnifier.Core.Identity;

public static class IdentifierKinds
{
    public const int Count = 11;

    private static readonly string[] Names =
        ["crm_contact_id", "user_id", "email", "phone", "social", "anonymous_id", "crm_account_id", "inn", "domain", "role_email", "office_phone"];

    // How much one link through this kind is worth when links compete (higher wins; see ConstrainedClusterer).
    private static readonly byte[] Strengths = [9, 8, 7, 5, 6, 3, 9, 8, 7, 6, 5];

    public static string WireName(this IdentifierKind kind) => Names[(int)kind];

    public static bool TryParse(string name, out IdentifierKind kind)
    {
        var index = Array.IndexOf(Names, name);
        kind = index < 0 ? default : (IdentifierKind)index;
        return index >= 0;
    }

    public static bool IsPersonLevel(this IdentifierKind kind) => kind <= IdentifierKind.AnonymousId;

    /// <summary>The kinds an <c>account</c> block can state; every other company key is implied (by an email or a phone).</summary>
    public static bool IsStatable(this IdentifierKind kind) => kind is IdentifierKind.CrmAccountId or IdentifierKind.Inn or IdentifierKind.Domain;

    public static int Strength(this IdentifierKind kind) => Strengths[(int)kind];
}
