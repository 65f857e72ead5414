using ProfileUnifier.Analytics.Options;
using ProfileUnifier.Analytics.Ranking;
using ProfileUnifier.Lake.Parquet;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Analytics.Lake;

/// <summary>Rows of <c>rankings</c>; one <c>score_&lt;criterion&gt;</c> column per configured criterion.</summary>
public sealed class RankingsRows : TableBuffer
{
    private readonly DateColumn _asOf = new("as_of");
    private readonly StringColumn _accountId = new("account_id", nullable: false);
    private readonly StringColumn _crmAccountId = new("crm_account_id");
    private readonly StringColumn _name = new("name");
    private readonly Int32Column _rank = new("rank");
    private readonly DoubleColumn _revenue = new("revenue");
    private readonly DoubleColumn _share = new("revenue_share");
    private readonly DoubleColumn _cumulative = new("cumulative_share");
    private readonly StringColumn _abc = new("abc_class", nullable: false);
    private readonly StringColumn _flag = new("share_flag", nullable: false);
    private readonly Int32Column _orders = new("orders");
    private readonly NullableDoubleColumn _margin = new("margin");
    private readonly NullableDoubleColumn _score = new("score");
    private readonly NullableInt32Column[] _criteria;
    private readonly DoubleColumn _kaismValue = new("kaism_value");
    private readonly DoubleColumn _kaismAttractiveness = new("kaism_attractiveness");
    private readonly StringColumn _quadrant = new("kaism_quadrant", nullable: false);
    private readonly NullableDoubleColumn _wallet = new("share_of_wallet");
    private readonly Int32Column _engagement = new("engagement_score");
    private readonly NullableDoubleColumn _nps = new("avg_nps");
    private readonly BooleanColumn _declining = new("declining");
    private readonly Int32Column _recent = new("touchpoints_recent");
    private readonly Int32Column _previous = new("touchpoints_previous");
    private readonly NullableDoubleColumn _activityChange = new("activity_change");
    private readonly NullableDoubleColumn _delay = new("avg_payment_delay_days");
    private readonly DoubleColumn _overdue = new("overdue_amount");
    private readonly NullableDoubleColumn _marginTrend = new("margin_trend");
    private readonly NullableDoubleColumn _discountTrend = new("discount_trend");
    private readonly BooleanColumn _newAccount = new("new_account");
    private readonly TimestampColumn _firstOrder = new("first_order_at", nullable: true);
    private readonly StringListColumn _flags = new("risk_flags");

    public RankingsRows(IReadOnlyList<CriterionOptions> criteria) =>
        _criteria = [.. criteria.Select(c => new NullableInt32Column("score_" + c.Name))];

    protected override IReadOnlyList<ColumnBuffer> Columns =>
    [
        _asOf, _accountId, _crmAccountId, _name, _rank, _revenue, _share, _cumulative, _abc, _flag, _orders, _margin, _score, .. _criteria,
        _kaismValue, _kaismAttractiveness, _quadrant, _wallet, _engagement, _nps, _declining, _recent, _previous, _activityChange,
        _delay, _overdue, _marginTrend, _discountTrend, _newAccount, _firstOrder, _flags,
    ];

    public void AddRange(IEnumerable<AccountRanking> rows, DateOnly asOf)
    {
        foreach (var r in rows)
        {
            _asOf.Add(asOf);
            _accountId.Add(r.AccountId);
            _crmAccountId.Add(r.CrmAccountId);
            _name.Add(r.Name);
            _rank.Add(r.Rank);
            _revenue.Add(r.Revenue);
            _share.Add(r.RevenueShare);
            _cumulative.Add(r.CumulativeShare);
            _abc.Add(r.AbcClass);
            _flag.Add(r.ShareFlag);
            _orders.Add(r.Orders);
            _margin.Add(r.Margin);
            _score.Add(r.Score);
            for (var i = 0; i < _criteria.Length; i++)
            {
                _criteria[i].Add(r.CriterionScores[i]);
            }

            _kaismValue.Add(r.KaismValue);
            _kaismAttractiveness.Add(r.KaismAttractiveness);
            _quadrant.Add(r.KaismQuadrant);
            _wallet.Add(r.ShareOfWallet);
            _engagement.Add(r.EngagementScore);
            _nps.Add(r.AverageNps);
            _declining.Add(r.Declining);
            _recent.Add(r.TouchpointsRecent);
            _previous.Add(r.TouchpointsPrevious);
            _activityChange.Add(r.ActivityChange);
            _delay.Add(r.AvgPaymentDelayDays);
            _overdue.Add(r.OverdueAmount);
            _marginTrend.Add(r.MarginTrend);
            _discountTrend.Add(r.DiscountTrend);
            _newAccount.Add(r.NewAccount);
            _firstOrder.Add(r.FirstOrderAt);
            _flags.Add(r.RiskFlags);
        }
    }
}
