namespace ProfileUnifier.Core.Identity.Accounts;

/// <summary>
/// A stretch of time a person worked for one account, as their events show: from the first evidence there (the
/// start of time for the first period) to the first evidence at the next employer (the end of time for the last).
/// Ticks are UTC; <see cref="Account"/> is a cluster index of the account level.
/// </summary>
internal readonly record struct EmploymentPeriod(int Account, long From, long To, long FirstSeen, long LastSeen, int Events, int FirstSignature)
{
    public bool Contains(long ticks) => ticks >= From && ticks < To;
}
