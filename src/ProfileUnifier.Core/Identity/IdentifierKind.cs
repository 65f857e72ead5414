namespace ProfileUnifier.Core.Identity;

/// <summary>
/// What an identifier is. The first six are person-level (they link events into one person); the
/// rest are account-level (they link people and events to a company but never merge two people).
/// </summary>
public enum IdentifierKind : byte
{
    CrmContactId = 0,
    UserId = 1,
    Email = 2,
    Phone = 3,
    Social = 4,
    AnonymousId = 5,
    CrmAccountId = 6,
    Inn = 7,
    Domain = 8,
    RoleEmail = 9,

    /// <summary>A landline (by number plan): an office switchboard shared by the people there, not anyone's own.</summary>
    OfficePhone = 10,
}
