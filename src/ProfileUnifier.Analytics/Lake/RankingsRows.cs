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
    private readonly StringColumn _currency = new("currency", nullable: false);
    private readonly DoubleColumn _revenue = new("revenue");
    private readonly DoubleColumn _share = new("revenue_share");
    private readonly DoubleColumn _cumulative = new("cumulative_share");
    private readonly StringColumn _abc = new("abc_class", nullable: false);
    private readonly StringColumn _flag = new("share_flag", nullable: false);
    private readonly Int32Column _orders = new("orders");
    private readonly Int32Column _unconverted = new("unconverted_orders");
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
    private readonly DoubleColumn _expected = new("touchpoints_expected");
    private readonly NullableDoubleColumn _activityChange = new("activity_change");
    private readonly DoubleColumn _declineP = new("decline_p_value");
    private readonly NullableDoubleColumn _delay = new("avg_payment_delay_days");
    private readonly NullableDoubleColumn _medianDelay = new("median_payment_delay_days");
    private readonly Int32Column _paidInvoices = new("paid_invoices");
    private readonly DoubleColumn _overdue = new("overdue_amount");
    private readonly DoubleColumn _overdueAged = new("overdue_aged_amount");
    private readonly NullableDoubleColumn _marginTrend = new("margin_trend");
    private readonly NullableDoubleColumn _marginTrendP = new("margin_trend_p_value");
    private readonly NullableDoubleColumn _discountTrend = new("discount_trend");
    private readonly NullableDoubleColumn _discountTrendP = new("discount_trend_p_value");
    private readonly NullableDoubleColumn _grossMargin = new("gross_margin");
    private readonly NullableDoubleColumn _marginShare = new("margin_share");
    private readonly DoubleColumn _growth = new("revenue_growth");
    private readonly NullableDoubleColumn _replaceable = new("replaceable_share");
    private readonly DoubleColumn[] _quarters = [new("share_q1"), new("share_q2"), new("share_q3"), new("share_q4")];
    private readonly BooleanColumn _newAccount = new("new_account");
    private readonly TimestampColumn _firstOrder = new("first_order_at", nullable: true);
    private readonly StringListColumn _flags = new("risk_flags");

    public RankingsRows(IReadOnlyList<CriterionOptions> criteria) =>
        _criteria = [.. criteria.Select(c => new NullableInt32Column("score_" + c.Name))];

    protected override IReadOnlyList<ColumnBuffer> Columns =>
    [
        _asOf, _accountId, _crmAccountId, _name, _rank, _currency, _revenue, _share, _cumulative, _abc, _flag, _orders, _unconverted, _margin,
        _score, .. _criteria, _kaismValue, _kaismAttractiveness, _quadrant, _wallet, _engagement, _nps, _declining, _recent, _previous,
        _expected, _activityChange, _declineP, _delay, _medianDelay, _paidInvoices, _overdue, _overdueAged, _marginTrend, _marginTrendP,
        _discountTrend, _discountTrendP, _grossMargin, _marginShare, _growth, _replaceable, .. _quarters, _newAccount, _firstOrder, _flags,
    ];

    public void AddRange(IEnumerable<AccountRanking> rows, DateOnly asOf, string currency)
    {
        foreach (var r in rows)
        {
            _asOf.Add(asOf);
            _accountId.Add(r.AccountId);
            _crmAccountId.Add(r.CrmAccountId);
            _name.Add(r.Name);
            _rank.Add(r.Rank);
            _currency.Add(currency);
            _revenue.Add(r.Revenue);
            _share.Add(r.RevenueShare);
            _cumulative.Add(r.CumulativeShare);
            _abc.Add(r.AbcClass.WireName());
            _flag.Add(r.ShareFlag.WireName());
            _orders.Add(r.Orders);
            _unconverted.Add(r.UnconvertedOrders);
            _margin.Add(r.Margin);
            _score.Add(r.Score);
            for (var i = 0; i < _criteria.Length; i++)
            {
                _criteria[i].Add(r.CriterionScores[i]);
            }

            _kaismValue.Add(r.KaismValue);
            _kaismAttractiveness.Add(r.KaismAttractiveness);
            _quadrant.Add(r.KaismQuadrant.WireName());
            _wallet.Add(r.ShareOfWallet);
            _engagement.Add(r.EngagementScore);
            _nps.Add(r.AverageNps);
            _declining.Add(r.Declining);
            _recent.Add(r.TouchpointsRecent);
            _previous.Add(r.TouchpointsPrevious);
            _expected.Add(r.TouchpointsExpected);
            _activityChange.Add(r.ActivityChange);
            _declineP.Add(r.DeclinePValue);
            _delay.Add(r.AvgPaymentDelayDays);
            _medianDelay.Add(r.MedianPaymentDelayDays);
            _paidInvoices.Add(r.PaidInvoices);
            _overdue.Add(r.OverdueAmount);
            _overdueAged.Add(r.OverdueAgedAmount);
            _marginTrend.Add(r.MarginTrend);
            _marginTrendP.Add(r.MarginTrendPValue);
            _discountTrend.Add(r.DiscountTrend);
            _discountTrendP.Add(r.DiscountTrendPValue);
            _grossMargin.Add(r.GrossMargin);
            _marginShare.Add(r.MarginShare);
            _growth.Add(r.RevenueGrowth);
            _replaceable.Add(r.ReplaceableShare);
            for (var q = 0; q < _quarters.Length; q++)
            {
                _quarters[q].Add(r.QuarterShares[q]);
            }

            _newAccount.Add(r.NewAccount);
            _firstOrder.Add(r.FirstOrderAt);
            _flags.Add([.. r.RiskFlags.Select(f => f.WireName())]);
        }
    }
}
