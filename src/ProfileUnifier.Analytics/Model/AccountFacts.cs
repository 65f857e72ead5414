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

    /// <summary>When its touchpoints happened (interactions: bookkeeping events such as invoices are not).</summary>
    public List<DateTime> Touchpoints { get; } = [];

    public List<(DateTime At, int Score)> Nps { get; } = [];

    /// <summary>When a decision-maker or influencer of the account moved to another employer.</summary>
    public List<DateTime> KeyContactsLeft { get; } = [];

    /// <summary>The latest stated annual budget (for share of wallet).</summary>
    public (DateTime At, double Amount)? AnnualBudget { get; set; }

    /// <summary>The latest judged score per criterion, from crm assessment events.</summary>
    public Dictionary<string, JudgedScore> Judged { get; } = new(StringComparer.Ordinal);
}

public readonly record struct OrderFact(string OrderId, DateTime At, double Amount, double? Margin, double? Discount);

public readonly record struct InvoiceFact(string InvoiceId, double Amount, DateOnly DueDate);

public readonly record struct PaymentFact(string InvoiceId, double Amount, DateTime PaidAt);

/// <summary>A judged score and its stamp; the greatest (At, EventId) is the latest.</summary>
public readonly record struct JudgedScore(DateTime At, string EventId, int Score)
{
    public bool IsLaterThan(JudgedScore other) => At != other.At ? At > other.At : string.CompareOrdinal(EventId, other.EventId) > 0;
}
