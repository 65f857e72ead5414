namespace ProfileUnifier.Analytics.Campaigns;

/// <summary>
/// A row of lake table <c>campaign_reactions</c>: how one account reacted to one campaign in the revenue window,
/// and the orders it placed within the reaction window after its first click or reply (revenue in the reporting
/// currency). Rates are per email sent; null when none was sent.
/// </summary>
public sealed record CampaignReaction(
    string CampaignId,
    string AccountId,
    int Sent,
    int Opened,
    int Clicked,
    int Replied,
    int Unsubscribed,
    DateTime? FirstSentAt,
    DateTime? FirstReactionAt,
    DateTime LastActivityAt,
    int OrdersAfter,
    double RevenueAfter)
{
    public bool Reacted => Clicked + Replied > 0;

    public double? OpenRate => Rate(Opened);

    public double? ClickRate => Rate(Clicked);

    public double? ReplyRate => Rate(Replied);

    public double? UnsubscribeRate => Rate(Unsubscribed);

    private double? Rate(int count) => Sent == 0 ? null : (double)count / Sent;
}
