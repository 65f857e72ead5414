namespace ProfileUnifier.Core.Identity;

/// <summary>A person's employers over time, for events whose account is their person's at the time.</summary>
public sealed class EmploymentHistory(IReadOnlyList<(long FromTicks, string AccountId)> periods)
{
    /// <summary>Each employer from the UTC ticks it starts at (the first from the start of time), in time order.</summary>
    public IReadOnlyList<(long FromTicks, string AccountId)> Periods { get; } = periods;

    public string AccountAt(DateTimeOffset at)
    {
        var ticks = at.UtcTicks;
        var account = Periods[0].AccountId;
        foreach (var (from, id) in Periods)
        {
            if (ticks >= from)
            {
                account = id;
            }
        }

        return account;
    }
}
