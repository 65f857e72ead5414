using ProfileUnifier.Core.Identity.Accounts;

namespace ProfileUnifier.Core.Identity;

/// <summary>
/// Who an event belongs to now, and the id of its identifier set (lake column signature_id). <see cref="AccountId"/>
/// is the account of the set; when it comes from the person (<see cref="Basis"/> Person) and they changed employer,
/// <see cref="AccountAt"/> gives the one at the event's time.
/// </summary>
public readonly record struct EventResolution(string? ProfileId, string? AccountId, string SignatureId,
    AccountBasis Basis = AccountBasis.None, EmploymentHistory? History = null)
{
    public string? AccountAt(DateTimeOffset occurredAt) =>
        EmployerHistory(Basis, History) is { } history ? history.AccountAt(occurredAt) : AccountId;

    /// <summary>The employments an event's account follows: the person's, when the account is theirs; else none (one account at every time).</summary>
    internal static EmploymentHistory? EmployerHistory(AccountBasis basis, EmploymentHistory? history) =>
        basis == AccountBasis.Person ? history : null;
}
