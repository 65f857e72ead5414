namespace ProfileUnifier.Query.Profiles;

/// <summary>What a user looks a client up by.</summary>
public enum LookupKind
{
    Email,
    Phone,
    CrmContactId,
    UserId,
    Social,
    ProfileId,

    /// <summary>An account by account_id, crm_account_id, INN, domain or exact name.</summary>
    Account,
}

/// <summary>One lookup: the kind of identifier and the value as the user typed it.</summary>
public sealed record Lookup(LookupKind Kind, string Value);
