namespace ProfileUnifier.Analytics.Model;

/// <summary>
/// Everything the batch jobs use about one account as of a day, gathered from the lake: its orders summed over the
/// periods of <see cref="RankWindows"/> (in the reporting currency), its activity counts, and the bookkeeping events
/// the engine reads one by one (invoices, payments, feedback, budget, judged scores, campaign emails).
/// </summary>
public sealed class AccountFacts(string accountId)
{
    public string AccountId { get; } = accountId;
    public string? CrmAccountId { get; set; }
    public string? Name { get; set; }

    public OrderTotals Orders { get; set; } = new();

    /// <summary>Touchpoints (interactions; bookkeeping events such as invoices are not) per period.</summary>
    public ActivityCounts Activity { get; set; }

    public List<InvoiceFact> Invoices { get; } = [];
    public List<PaymentFact> Payments { get; } = [];

    /// <summary>
    /// Invoices and payments already matched and summed (the lake's facts query does it in SQL, so its hundreds of
    /// thousands of rows never cross into .NET); null when they come one by one in <see cref="Invoices"/> and <see cref="Payments"/>.
    /// </summary>
    public PaymentTotals? PaymentTotals { get; set; }
    public List<(DateTime At, int Score)> Nps { get; } = [];

    /// <summary>When a decision-maker or influencer of the account moved to another employer.</summary>
    public List<DateTime> KeyContactsLeft { get; } = [];

    /// <summary>The latest stated annual budget (for share of wallet).</summary>
    public (DateTime At, double Amount)? AnnualBudget { get; set; }

    /// <summary>The latest judged score per criterion, from crm assessment events.</summary>
    public Dictionary<string, JudgedScore> Judged { get; } = new(StringComparer.Ordinal);

    /// <summary>Email events that name a campaign, per campaign, day and type.</summary>
    public List<CampaignActivity> Campaigns { get; } = [];

    /// <summary>Its converted orders after its first campaign reaction (only for accounts that reacted to one).</summary>
    public List<(DateTime At, decimal Amount)> OrdersAfterReactions { get; } = [];
}

/// <summary>Touchpoints in the recent and baseline activity periods and in the KAISM engagement period.</summary>
public readonly record struct ActivityCounts(int Recent, int Baseline, int Engagement);

public readonly record struct InvoiceFact(string InvoiceId, double Amount, DateOnly DueDate);

public readonly record struct PaymentFact(string InvoiceId, double Amount, DateTime PaidAt);

/// <summary>A judged score and its stamp; the greatest (At, EventId) is the latest.</summary>
public readonly record struct JudgedScore(DateTime At, string EventId, int Score)
{
    public bool IsLaterThan(JudgedScore other) => At != other.At ? At > other.At : string.CompareOrdinal(EventId, other.EventId) > 0;
}
