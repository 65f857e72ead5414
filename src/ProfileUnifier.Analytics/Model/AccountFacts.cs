namespace ProfileUnifier.Analytics.Model;

/// <summary>Everything the batch jobs use about one account, gathered from the lake.</summary>
public sealed class AccountFacts(string accountId)
{
    public string AccountId { get; } = accountId;
    public string? CrmAccountId { get; set; }
    public string? Name { get; set; }

    /// <summary>Its orders, each order_id once (the report that counts: the CRM's, else the earliest).</summary>
    public List<OrderFact> Orders { get; } = [];
    public List<InvoiceFact> Invoices { get; } = [];
    public List<PaymentFact> Payments { get; } = [];

    /// <summary>
    /// Touchpoints per UTC day (interactions: bookkeeping events such as invoices are not). Every activity rule
    /// works in whole days up to the as-of date, so a day's count is all it needs.
    /// </summary>
    public Dictionary<DateOnly, int> TouchpointDays { get; } = [];

    public List<(DateTime At, int Score)> Nps { get; } = [];

    /// <summary>The latest stated annual budget (for share of wallet).</summary>
    public (DateTime At, double Amount)? AnnualBudget { get; set; }

    /// <summary>The latest judged score per criterion, from crm assessment events.</summary>
    public Dictionary<string, JudgedScore> Judged { get; } = new(StringComparer.Ordinal);

    /// <summary>Email events that name a campaign, per campaign, day and type.</summary>
    public List<CampaignActivity> Campaigns { get; } = [];

    /// <summary>Adds <paramref name="count"/> touchpoints on <paramref name="day"/>.</summary>
    public void AddTouchpoints(DateOnly day, int count) =>
        TouchpointDays[day] = TouchpointDays.GetValueOrDefault(day) + count;

    /// <summary>Touchpoints on the days from <paramref name="first"/> to <paramref name="last"/>, both included.</summary>
    public int TouchpointsBetween(DateOnly first, DateOnly last)
    {
        var sum = 0;
        foreach (var (day, count) in TouchpointDays)
        {
            if (day >= first && day <= last)
            {
                sum += count;
            }
        }

        return sum;
    }
}

/// <summary>An order; <see cref="Currency"/> as reported (null: none named, the default currency).</summary>
public readonly record struct OrderFact(string OrderId, DateTime At, double Amount, string? Currency, double? Margin, double? Discount);

public readonly record struct InvoiceFact(string InvoiceId, double Amount, DateOnly DueDate);

public readonly record struct PaymentFact(string InvoiceId, double Amount, DateTime PaidAt);

/// <summary>A judged score and its stamp; the greatest (At, EventId) is the latest.</summary>
public readonly record struct JudgedScore(DateTime At, string EventId, int Score)
{
    public bool IsLaterThan(JudgedScore other) => At != other.At ? At > other.At : string.CompareOrdinal(EventId, other.EventId) > 0;
}
