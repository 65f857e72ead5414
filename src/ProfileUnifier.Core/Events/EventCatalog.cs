namespace ProfileUnifier.Core.Events;

/// <summary>
/// The event types each source may send (schemas/&lt;source&gt;.schema.json holds the same lists;
/// a test keeps the two in step).
/// </summary>
public static class EventCatalog
{
    public const string OrderCompleted = "order_completed";
    public const string InvoiceIssued = "invoice_issued";
    public const string PaymentReceived = "payment_received";
    public const string Assessment = "assessment";
    public const string Feedback = "feedback";
    public const string AccountUpdated = "account_updated";

    private static readonly string[][] TypesBySource =
    [
        ["page_view", "form_submitted", OrderCompleted],
        ["session_started", "feature_used", OrderCompleted],
        ["email_sent", "email_opened", "email_clicked", "email_replied", "unsubscribed"],
        ["call_completed"],
        ["mention", "message", "follow"],
        ["contact_updated", AccountUpdated, OrderCompleted, InvoiceIssued, PaymentReceived, Assessment, Feedback],
    ];

    public static IReadOnlyList<string> TypesOf(EventSource source) => TypesBySource[(int)source];

    /// <summary>Returns the catalogue's own string instance, so parsed events share one copy per type.</summary>
    public static string? FindType(EventSource source, string type)
    {
        foreach (var known in TypesBySource[(int)source])
        {
            if (string.Equals(known, type, StringComparison.Ordinal))
            {
                return known;
            }
        }

        return null;
    }
}
