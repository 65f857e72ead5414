namespace ProfileUnifier.Synthetic;

/// <summary>What <see cref="DatasetGenerator"/> makes. The same options give byte-identical output.</summary>
public sealed record GeneratorOptions
{
    public int Accounts { get; init; } = 200;

    /// <summary>About how many lines to write (events, redeliveries and malformed lines together).</summary>
    public int Events { get; init; } = 50_000;

    public int Seed { get; init; } = 42;

    /// <summary>The last day of activity.</summary>
    public DateOnly AsOf { get; init; } = new(2026, 11, 20);

    /// <summary>How many days of history end at <see cref="AsOf"/> (more than a year, so "won in the last 12 months" means something).</summary>
    public int Days { get; init; } = 540;

    /// <summary>Share of lines that are redeliveries of an earlier event (same event_id).</summary>
    public double RedeliveryRate { get; init; } = 0.01;

    /// <summary>Share of lines that break the contract or carry no usable identifier.</summary>
    public double MalformedRate { get; init; } = 0.005;

    /// <summary>Share of accounts whose activity drops in the last quarter.</summary>
    public double DecliningRate { get; init; } = 0.15;

    /// <summary>Share of accounts whose activity collapses in the last 30 days (chosen without touching the random stream).</summary>
    public double CollapsingRate { get; init; }

    /// <summary>Share of accounts billed in USD or EUR (see <see cref="FxRates"/>); the rest in RUB.</summary>
    public double ForeignCurrencyRate { get; init; }

    /// <summary>Share of people who move to another company partway through the history (new work address, same phone and logins).</summary>
    public double JobChangeRate { get; init; } = 0.04;

    public void Validate()
    {
        if (Accounts < 1 || Events < Accounts || Days < 30)
        {
            throw new ArgumentException("need at least 1 account, at least as many events as accounts, and 30 days");
        }

        if (RedeliveryRate is < 0 or > 0.5 || MalformedRate is < 0 or > 0.5 || DecliningRate is < 0 or > 1 || CollapsingRate is < 0 or > 1 ||
            ForeignCurrencyRate is < 0 or > 1 || JobChangeRate is < 0 or > 0.5)
        {
            throw new ArgumentException("rates must be between 0 and 0.5 (the declining rate between 0 and 1)");
        }
    }
}
