namespace ProfileUnifier.Core.Identity.Accounts;

/// <summary>
/// Which evidence gave an event its account, in the order it is tried (lake column <c>signatures.account_basis</c>):
/// the event's <c>account</c> block; else a company key of its own (work-email domain, role mailbox, office line);
/// else its person's employer at the time.
/// </summary>
public enum AccountBasis : byte
{
    None,
    Stated,
    Implied,
    Person,
}

public static class AccountBases
{
    private static readonly string?[] Names = [null, "stated", "implied", "person"];

    /// <summary>The wire name; null for <see cref="AccountBasis.None"/> (no account).</summary>
    public static string? WireName(this AccountBasis basis) => Names[(int)basis];
}
