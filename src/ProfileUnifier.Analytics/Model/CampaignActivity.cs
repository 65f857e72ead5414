namespace ProfileUnifier.Analytics.Model;

/// <summary>The email events of one type that named a campaign on one UTC day, with the first one's time.</summary>
public readonly record struct CampaignActivity(string CampaignId, DateOnly Day, CampaignEvent Type, int Count, DateTime First);

/// <summary>The email event types a campaign reaction counts (wire names are the event types).</summary>
public enum CampaignEvent
{
    Sent,
    Opened,
    Clicked,
    Replied,
    Unsubscribed,
}

public static class CampaignEvents
{
    private static readonly string[] Types = ["email_sent", "email_opened", "email_clicked", "email_replied", "unsubscribed"];

    public static IReadOnlyList<string> EventTypes => Types;

    public static string EventType(this CampaignEvent type) => Types[(int)type];

    public static bool TryParse(string? type, out CampaignEvent value)
    {
        var index = Array.IndexOf(Types, type);
        value = index < 0 ? default : (CampaignEvent)index;
        return index >= 0;
    }
}
