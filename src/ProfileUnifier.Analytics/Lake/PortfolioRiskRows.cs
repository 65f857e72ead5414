using ProfileUnifier.Analytics.Ranking;
using ProfileUnifier.Lake.Parquet;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Analytics.Lake;

/// <summary>The row of <c>portfolio_risk</c>.</summary>
public sealed class PortfolioRiskRows : TableBuffer
{
    private readonly DateColumn _asOf = new("as_of");
    private readonly Int32Column _window = new("window_days");
    private readonly StringColumn _currency = new("currency", nullable: false);
    private readonly DoubleColumn _total = new("total_revenue");
    private readonly Int32Column _accounts = new("accounts");
    private readonly Int32Column _withRevenue = new("accounts_with_revenue");
    private readonly Int32Column _unconverted = new("unconverted_orders");
    private readonly StringListColumn _unconvertedAmounts = new("unconverted_amounts");
    private readonly DoubleColumn _hhi = new("hhi");
    private readonly DoubleColumn _top1 = new("top1_share");
    private readonly DoubleColumn _top5 = new("top5_share");
    private readonly Int32Column _key = new("key_accounts");
    private readonly Int32Column _dependency = new("dependency_accounts");
    private readonly BooleanColumn _mono = new("mono_client");
    private readonly Int32Column _a = new("class_a_accounts");
    private readonly Int32Column _b = new("class_b_accounts");
    private readonly Int32Column _c = new("class_c_accounts");
    private readonly Int32Column _declining = new("declining_accounts");
    private readonly DoubleColumn _falseAlarms = new("decline_false_alarm_rate");
    private readonly DoubleColumn _newShare = new("revenue_share_new_accounts");
    private readonly DoubleColumn _lost1 = new("stress_top1_lost");
    private readonly DoubleColumn _lost3 = new("stress_top3_lost");
    private readonly DoubleColumn _lost5 = new("stress_top5_lost");
    private readonly DoubleColumn _lostShare1 = new("stress_top1_share");
    private readonly DoubleColumn _lostShare3 = new("stress_top3_share");
    private readonly DoubleColumn _lostShare5 = new("stress_top5_share");
    private readonly DoubleColumn _grossMargin = new("total_gross_margin");
    private readonly DoubleColumn _prospective = new("prospective_growth");

    protected override IReadOnlyList<ColumnBuffer> Columns =>
    [
        _asOf, _window, _currency, _total, _accounts, _withRevenue, _unconverted, _unconvertedAmounts, _hhi, _top1, _top5, _key, _dependency,
        _mono, _a, _b, _c, _declining, _falseAlarms, _newShare, _lost1, _lost3, _lost5, _lostShare1, _lostShare3, _lostShare5, _grossMargin,
        _prospective,
    ];

    public void Add(PortfolioRisk p)
    {
        _asOf.Add(p.AsOf);
        _window.Add(p.WindowDays);
        _currency.Add(p.Currency);
        _total.Add(p.TotalRevenue);
        _accounts.Add(p.Accounts);
        _withRevenue.Add(p.AccountsWithRevenue);
        _unconverted.Add(p.UnconvertedOrders);
        _unconvertedAmounts.Add(p.UnconvertedAmounts);
        _hhi.Add(p.Hhi);
        _top1.Add(p.Top1Share);
        _top5.Add(p.Top5Share);
        _key.Add(p.KeyAccounts);
        _dependency.Add(p.DependencyAccounts);
        _mono.Add(p.MonoClient);
        _a.Add(p.ClassA);
        _b.Add(p.ClassB);
        _c.Add(p.ClassC);
        _declining.Add(p.DecliningAccounts);
        _falseAlarms.Add(p.DeclineFalseAlarmRate);
        _newShare.Add(p.RevenueShareNewAccounts);
        _lost1.Add(p.StressTop1Lost);
        _lost3.Add(p.StressTop3Lost);
        _lost5.Add(p.StressTop5Lost);
        _lostShare1.Add(p.StressTop1Share);
        _lostShare3.Add(p.StressTop3Share);
        _lostShare5.Add(p.StressTop5Share);
        _grossMargin.Add(p.TotalGrossMargin);
        _prospective.Add(p.ProspectiveGrowth);
    }
}
