using ProfileUnifier.Lake.Parquet;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Analytics.Campaigns;

/// <summary>Rows of <c>campaign_reactions</c> (DESIGN.md): one per campaign and account, as of the ranking day.</summary>
public sealed class CampaignReactionsRows : TableBuffer
{
    private readonly DateColumn _asOf = new("as_of");
    private readonly StringColumn _campaignId = new("campaign_id", nullable: false);
    private readonly StringColumn _accountId = new("account_id", nullable: false);
    private readonly Int32Column _sent = new("sent");
    private readonly Int32Column _opened = new("opened");
    private readonly Int32Column _clicked = new("clicked");
    private readonly Int32Column _replied = new("replied");
    private readonly Int32Column _unsubscribed = new("unsubscribed");
    private readonly TimestampColumn _firstSent = new("first_sent_at", nullable: true);
    private readonly TimestampColumn _firstReaction = new("first_reaction_at", nullable: true);
    private readonly TimestampColumn _lastActivity = new("last_activity_at");
    private readonly Int32Column _orders = new("orders_after_reaction");
    private readonly StringColumn _currency = new("currency", nullable: false);
    private readonly DoubleColumn _revenue = new("revenue_after_reaction");
    private readonly NullableDoubleColumn _openRate = new("open_rate");
    private readonly NullableDoubleColumn _clickRate = new("click_rate");
    private readonly NullableDoubleColumn _replyRate = new("reply_rate");
    private readonly NullableDoubleColumn _unsubscribeRate = new("unsubscribe_rate");

    protected override IReadOnlyList<ColumnBuffer> Columns =>
    [
        _asOf, _campaignId, _accountId, _sent, _opened, _clicked, _replied, _unsubscribed, _firstSent, _firstReaction, _lastActivity, _orders,
        _currency, _revenue, _openRate, _clickRate, _replyRate, _unsubscribeRate,
    ];

    public void AddRange(IEnumerable<CampaignReaction> rows, DateOnly asOf, string currency)
    {
        foreach (var r in rows)
        {
            _asOf.Add(asOf);
            _campaignId.Add(r.CampaignId);
            _accountId.Add(r.AccountId);
            _sent.Add(r.Sent);
            _opened.Add(r.Opened);
            _clicked.Add(r.Clicked);
            _replied.Add(r.Replied);
            _unsubscribed.Add(r.Unsubscribed);
            _firstSent.Add(r.FirstSentAt);
            _firstReaction.Add(r.FirstReactionAt);
            _lastActivity.Add(r.LastActivityAt);
            _orders.Add(r.OrdersAfter);
            _currency.Add(currency);
            _revenue.Add(r.RevenueAfter);
            _openRate.Add(r.OpenRate);
            _clickRate.Add(r.ClickRate);
            _replyRate.Add(r.ReplyRate);
            _unsubscribeRate.Add(r.UnsubscribeRate);
        }
    }
}
