using System.Globalization;

namespace ProfileUnifier.Analytics.Tests;

/// <summary>Events of the contract for hand-made lakes: each account has one CRM contact, C-&lt;account&gt;.</summary>
internal static class EventLines
{
    private static int _next;

    public static string Order(string account, DateTime at, double amount, string? currency = "RUB", double? margin = null, string? orderId = null)
    {
        var properties = Invariant($"\"order_id\":\"{orderId ?? "O-" + Interlocked.Increment(ref _next)}\",\"amount\":{amount}");
        properties += currency is null ? "" : $",\"currency\":\"{currency}\"";
        properties += margin is null ? "" : Invariant($",\"margin\":{margin}");
        return Line("crm", "order_completed", account, at, properties);
    }

    public static string Email(string account, string type, string campaign, DateTime at) =>
        Line("email", type, account, at, $"\"campaign_id\":\"{campaign}\"");

    public static string Call(string account, DateTime at) => Line("call", "call_completed", account, at, "\"direction\":\"in\",\"duration_s\":60,\"outcome\":\"ok\"");

    private static string Line(string source, string type, string account, DateTime at, string properties) => Invariant($$$"""
        {"event_id":"ev-{{{Interlocked.Increment(ref _next)}}}","source":"{{{source}}}","type":"{{{type}}}","occurred_at":"{{{at:yyyy-MM-ddTHH:mm:ss}}}Z","identifiers":{"crm_contact_id":"C-{{{account}}}"},"account":{"account_id":"{{{account}}}"},"properties":{{{{properties}}}}}
        """);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
