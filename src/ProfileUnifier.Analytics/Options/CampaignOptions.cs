namespace ProfileUnifier.Analytics.Options;

/// <summary>Campaign reactions (section <c>Analytics:Campaigns</c>).</summary>
public sealed class CampaignOptions
{
    /// <summary>Orders and revenue count for a campaign within this many days after the account's first click or reply.</summary>
    public int ReactionWindowDays { get; set; } = 30;

    /// <summary>A key account "stopped reacting" when it reacted before and none of its campaigns of the last N days got a reaction.</summary>
    public int RecentDays { get; set; } = 90;
}
