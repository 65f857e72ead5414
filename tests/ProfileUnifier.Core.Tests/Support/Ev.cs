using ProfileUnifier.Core.Events;

namespace ProfileUnifier.Core.Tests.Support;

/// <summary>Terse construction of events for engine tests.</summary>
internal static class Ev
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The time of an event made with <paramref name="minute"/>.</summary>
    public static DateTimeOffset At(int minute) => Start.AddMinutes(minute);

    public static IncomingEvent Make(
        string id,
        int minute = 0,
        EventSource source = EventSource.Web,
        string type = "page_view",
        string? email = null,
        string? phone = null,
        string? cookie = null,
        string? user = null,
        string? crm = null,
        string? social = null,
        string? accountId = null,
        string? inn = null,
        string? domain = null,
        string? company = null,
        string? firstName = null,
        string? orderId = null,
        double? amount = null) => new()
    {
        EventId = id,
        Source = source,
        Type = EventCatalog.FindType(source, type) ?? type,
        OccurredAt = Start.AddMinutes(minute),
        Identifiers = new RawIdentifiers
        {
            Email = email, Phone = phone, AnonymousId = cookie, UserId = user, CrmContactId = crm, Social = social,
        },
        Account = (accountId ?? inn ?? domain ?? company) is null
            ? null
            : new AccountBlock { AccountId = accountId, Inn = inn, Domain = domain, Name = company },
        Traits = firstName is null ? null : new Traits { FirstName = firstName },
        Properties = orderId is null ? EventProperties.None : new EventProperties { OrderId = orderId, Amount = amount },
    };

    public static IncomingEvent Order(string id, string orderId, double amount, int minute = 0, EventSource source = EventSource.Web,
        string? email = null, string? crm = null, string? accountId = null) =>
        Make(id, minute, source, EventCatalog.OrderCompleted, email: email, crm: crm, accountId: accountId, orderId: orderId, amount: amount);
}
