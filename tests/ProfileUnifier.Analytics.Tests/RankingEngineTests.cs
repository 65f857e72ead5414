using ProfileUnifier.Analytics.Model;
using ProfileUnifier.Analytics.Options;
using ProfileUnifier.Analytics.Ranking;

namespace ProfileUnifier.Analytics.Tests;

public sealed class RankingEngineTests
{
    private static RankingResult Rank(params AccountFacts[] accounts) => Rank(new AnalyticsOptions(), accounts);

    private static RankingResult Rank(AnalyticsOptions options, params AccountFacts[] accounts) =>
        new RankingEngine(options).Compute(accounts, Facts.AsOf);

    private static AccountRanking Row(RankingResult result, string id) => result.Accounts.Single(a => a.AccountId == id);

    [Theory]
    [InlineData(new double[] { 80, 15, 5 }, "A,B,C")]
    [InlineData(new double[] { 50, 40, 10 }, "A,A,B")]
    [InlineData(new double[] { 79, 16, 5 }, "A,A,C")]
    [InlineData(new double[] { 79, 15, 6 }, "A,A,B")]
    [InlineData(new double[] { 60, 35, 5 }, "A,A,C")]
    [InlineData(new double[] { 100 }, "A")]
    [InlineData(new double[] { 20, 20, 20, 20, 15, 5 }, "A,A,A,A,B,C")]
    public void Compute_Abc_ClassByTheCumulativeShareBeforeTheAccount(double[] revenues, string classes)
    {
        // A while the accounts before it hold less than 80 %; B while less than 95 %; the exact edges go down a class.
        var accounts = revenues.Select((r, i) => Facts.Account($"acc-{i}", r)).ToArray();

        var result = Rank(accounts);

        Assert.Equal(classes, string.Join(',', result.Accounts.Select(a => a.AbcClass.WireName())));
    }

    [Theory]
    [InlineData(10, ShareFlag.None)]
    [InlineData(10.01, ShareFlag.Key)]
    [InlineData(20, ShareFlag.Key)]
    [InlineData(20.01, ShareFlag.Dependency)]
    [InlineData(50, ShareFlag.Dependency)]
    [InlineData(50.01, ShareFlag.Mono)]
    public void Compute_ShareFlag_StrictlyAboveEachThreshold(double revenue, ShareFlag flag)
    {
        var result = Rank(Facts.Account("x", revenue), Facts.Account("rest", 100 - revenue));

        Assert.Equal(flag, Row(result, "x").ShareFlag);
        Assert.Equal(revenue / 100, Row(result, "x").RevenueShare, 12);
    }

    [Fact]
    public void Compute_Ties_OrderedByAccountIdWhateverTheInputOrder()
    {
        var first = Rank(Facts.Account("b", 50), Facts.Account("a", 50), Facts.Account("c", 10));
        var second = Rank(Facts.Account("c", 10), Facts.Account("a", 50), Facts.Account("b", 50));

        Assert.Equal(["a", "b", "c"], first.Accounts.Select(a => a.AccountId));
        Assert.Equal(first.Accounts.Select(Render), second.Accounts.Select(Render));
    }

    [Fact]
    public void Compute_ZeroRevenue_SharesZeroClassCNoFlags()
    {
        var result = Rank(Facts.Account("a"), Facts.Account("b"));

        Assert.All(result.Accounts, a => Assert.Equal((0.0, 0.0, AbcClass.C, ShareFlag.None), (a.RevenueShare, a.CumulativeShare, a.AbcClass, a.ShareFlag)));
        Assert.Equal((0.0, 0.0, 0.0, false), (result.Portfolio.Hhi, result.Portfolio.Top1Share, result.Portfolio.TotalRevenue, result.Portfolio.MonoClient));
    }

    [Fact]
    public void Compute_SingleAccount_MonoClientWithFullConcentration()
    {
        var result = Rank(Facts.Account("only", 500));

        var row = Assert.Single(result.Accounts);
        Assert.Equal((AbcClass.A, ShareFlag.Mono, 1.0), (row.AbcClass, row.ShareFlag, row.RevenueShare));
        Assert.Contains(RiskFlag.MonoClient, row.RiskFlags);
        Assert.Equal((1.0, 1.0, true, 500.0), (result.Portfolio.Hhi, result.Portfolio.Top5Share, result.Portfolio.MonoClient, result.Portfolio.StressTop3Lost));
    }

    [Fact]
    public void Compute_Portfolio_HhiTopSharesAndStressTest()
    {
        var result = Rank([.. new double[] { 40, 20, 10, 10, 10, 5, 5 }.Select((r, i) => Facts.Account($"a{i}", r))]);

        var p = result.Portfolio;
        Assert.Equal(0.16 + 0.04 + (3 * 0.01) + (2 * 0.0025), p.Hhi, 12);
        Assert.Equal((0.4, 0.9), (p.Top1Share, p.Top5Share));
        Assert.Equal((40.0, 70.0, 90.0), (p.StressTop1Lost, p.StressTop3Lost, p.StressTop5Lost));
        Assert.Equal((0.4, 0.7, 0.9), (p.StressTop1Share, p.StressTop3Share, p.StressTop5Share));
        Assert.Equal((2, 1, false), (p.KeyAccounts, p.DependencyAccounts, p.MonoClient));
    }

    [Fact]
    public void Compute_NewAccounts_ShareOfRevenueFromAccountsWonInTheWindow()
    {
        var old = Facts.Account("old", 75).WithOrders(o => o with { FirstOrder = Facts.DaysAgo(500) });

        var result = Rank(old, Facts.Account("new", 25));

        Assert.False(Row(result, "old").NewAccount);
        Assert.True(Row(result, "new").NewAccount);
        Assert.Equal(0.25, result.Portfolio.RevenueShareNewAccounts);
    }

    [Fact]
    public void Compute_Margins_RevenueWeightedMissingIgnored()
    {
        // Orders of 100 at -20 % and 300 at +20 %: Σ amount × margin = 40 over 400.
        var loss = Facts.Account("loss", 100, 300).WithOrders(o => o with { MarginSum = 40, MarginWeight = 400 });
        var unknown = Facts.Account("unknown", 100);

        var result = Rank(loss, unknown);

        Assert.Equal(0.1, Row(result, "loss").Margin!.Value, 12);
        Assert.Equal(40, Row(result, "loss").GrossMargin);
        Assert.Equal(1, Row(result, "loss").MarginShare);
        Assert.Null(Row(result, "unknown").Margin);
        Assert.Null(Row(result, "unknown").MarginShare);
        var profitability = result.Criteria.Select((c, i) => (c, i)).Single(x => x.c.Name == Criteria.Profitability).i;
        Assert.Null(Row(result, "unknown").CriterionScores[profitability]);
        Assert.NotNull(Row(result, "loss").CriterionScores[profitability]);
    }

    [Fact]
    public void Compute_Scoring_WeightedOverTheCriteriaAnAccountHas()
    {
        var options = new AnalyticsOptions
        {
            Scoring = new ScoringOptions
            {
                Criteria =
                [
                    new() { Name = Criteria.PurchaseFrequency, Weight = 50, Source = "computed" },
                    new() { Name = Criteria.Reputation, Weight = 30, Source = "judged" },
                    new() { Name = "delivery_quality", Weight = 20, Source = "judged" },
                ],
            },
        };
        var regular = Facts.Account("regular", [.. Enumerable.Repeat(10.0, 12)]).WithOrders(o => o with { ActiveMonths = 12 });
        regular.Judged[Criteria.Reputation] = new JudgedScore(Facts.DaysAgo(10), "e2", 8);
        var once = Facts.Account("once", 10);

        var result = Rank(options, regular, once);

        Assert.Equal([10, 8, null], Row(result, "regular").CriterionScores);
        Assert.Equal((0.5 * 10 + 0.3 * 8) / 0.8, Row(result, "regular").Score!.Value, 6);
        Assert.Equal([2, null, null], Row(result, "once").CriterionScores);
        Assert.Equal(2, Row(result, "once").Score);
    }

    [Theory]
    [InlineData(9, 9, KaismQuadrant.Key)]
    [InlineData(9, 2, KaismQuadrant.Prospective)]
    [InlineData(2, 9, KaismQuadrant.Maintain)]
    [InlineData(2, 2, KaismQuadrant.LowPriority)]
    public void Compute_Kaism_QuadrantFromValueAndAttractiveness(int judged, int nps, KaismQuadrant quadrant)
    {
        var options = new AnalyticsOptions
        {
            Scoring = new ScoringOptions { Criteria = [new() { Name = "value", Weight = 1, Source = "judged" }] },
            Kaism = new KaismOptions { EngagementWeight = 0.0001, ShareOfWalletWeight = 0, FeedbackWeight = 1 },
        };
        var account = Facts.Account("a", 100);
        account.Judged["value"] = new JudgedScore(Facts.DaysAgo(1), "j", judged);
        account.Nps.Add((Facts.DaysAgo(3), nps));

        var row = Row(Rank(options, account), "a");

        Assert.Equal(quadrant, row.KaismQuadrant);
        Assert.Equal(judged, row.KaismValue);
    }

    [Fact]
    public void Compute_ShareOfWallet_RevenueOverTheStatedBudget()
    {
        var account = Facts.Account("a", 250);
        account.AnnualBudget = (Facts.DaysAgo(30), 1000);

        Assert.Equal(0.25, Row(Rank(account), "a").ShareOfWallet);
    }

    [Fact]
    public void Compute_CollapseInTheRecentPeriod_Declining()
    {
        // 30 touchpoints a month for six months, then 2 in the last 30 days: a 93 % drop.
        var row = Row(Rank(Facts.Account("a", 100).WithActivity(recent: 2, baseline: 180)), "a");

        Assert.True(row.Declining);
        Assert.Contains(RiskFlag.Declining, row.RiskFlags);
        Assert.Equal((2, 180, 30.0), (row.TouchpointsRecent, row.TouchpointsPrevious, row.TouchpointsExpected));
        Assert.Equal(2.0 / 30 - 1, row.ActivityChange!.Value, 9);
        Assert.True(row.DeclinePValue < 1e-6);
    }

    [Theory]
    [InlineData(0, 12)]
    [InlineData(1, 20)]
    [InlineData(16, 180)]
    [InlineData(20, 180)]
    public void Compute_SmallOrModestDrop_NotDeclining(int recent, int baseline)
    {
        // Too few touchpoints to tell (0 of an expected 2, 1 of an expected 3.3), or a drop of less than half (16, 20 of 30).
        var row = Row(Rank(Facts.Account("a", 100).WithActivity(recent, baseline)), "a");

        Assert.False(row.Declining);
    }

    [Theory]
    [InlineData(10, true)]
    [InlineData(179, true)]
    [InlineData(181, false)]
    public void Compute_KeyContactLeft_FlaggedWithinContactLeftDays(double daysAgo, bool flagged)
    {
        var account = Facts.Account("a", 100);
        account.KeyContactsLeft.Add(Facts.DaysAgo(daysAgo));

        Assert.Equal(flagged, Row(Rank(account), "a").RiskFlags.Contains(RiskFlag.ContactLeft));
    }

    [Fact]
    public void Compute_Payments_MedianDelayOfSeveralInvoicesAndAgedOverdue()
    {
        var account = Facts.Account("a", 1000);
        var due = DateOnly.FromDateTime(Facts.DaysAgo(100));
        foreach (var (id, late) in new[] { ("i1", 20), ("i2", 25), ("i3", 0), ("i4", 40) })
        {
            account.Invoices.Add(new InvoiceFact(id, 100, due));
            account.Payments.Add(new PaymentFact(id, 100, Facts.DaysAgo(100 - late)));
        }

        // Unpaid: 250 of 300 due 60 days ago (aged), 999 due 5 days ago (overdue, not aged), 50 not due yet.
        account.Invoices.Add(new InvoiceFact("i5", 300, DateOnly.FromDateTime(Facts.DaysAgo(60))));
        account.Payments.Add(new PaymentFact("i5", 50, Facts.DaysAgo(2)));
        account.Invoices.Add(new InvoiceFact("i6", 999, DateOnly.FromDateTime(Facts.DaysAgo(5))));
        account.Invoices.Add(new InvoiceFact("i7", 50, DateOnly.FromDateTime(Facts.DaysAgo(-10))));

        var row = Row(Rank(account), "a");

        Assert.Equal((4, 22.5, 21.25), (row.PaidInvoices, row.MedianPaymentDelayDays, row.AvgPaymentDelayDays));
        Assert.Equal((1249.0, 250.0), (row.OverdueAmount, row.OverdueAgedAmount));
        Assert.Contains(RiskFlag.PaymentDelay, row.RiskFlags);
        Assert.Contains(RiskFlag.Overdue, row.RiskFlags);
    }

    [Fact]
    public void Compute_OneLateInvoice_NoPaymentDelayFlag()
    {
        var account = Facts.Account("a", 1000);
        account.Invoices.Add(new InvoiceFact("i1", 100, DateOnly.FromDateTime(Facts.DaysAgo(100))));
        account.Payments.Add(new PaymentFact("i1", 100, Facts.DaysAgo(10)));

        var row = Row(Rank(account), "a");

        Assert.Equal(90, row.MedianPaymentDelayDays);
        Assert.DoesNotContain(RiskFlag.PaymentDelay, row.RiskFlags);
    }

    [Fact]
    public void Compute_MarginErosion_NeedsEnoughOrdersAndASignificantDrop()
    {
        var eroding = Facts.Account("eroding", 1000).WithOrders(o => o with
        {
            MarginEarlier = Facts.Values(0.30, 0.31, 0.29, 0.30, 0.32, 0.28),
            MarginRecent = Facts.Values(0.20, 0.21, 0.19, 0.20, 0.22, 0.18),
            DiscountEarlier = Facts.Values(0.02, 0.03, 0.02, 0.02, 0.03),
            DiscountRecent = Facts.Values(0.10, 0.11, 0.09, 0.10, 0.12),
        });
        var twoOrders = Facts.Account("two", 1000).WithOrders(o => o with { MarginEarlier = Facts.Values(0.30), MarginRecent = Facts.Values(0.20) });

        var result = Rank(eroding, twoOrders);

        var row = Row(result, "eroding");
        Assert.Equal(-0.10, row.MarginTrend!.Value, 9);
        Assert.Equal(0.08, row.DiscountTrend!.Value, 9);
        Assert.True(row.MarginTrendPValue < 0.001);
        Assert.Contains(RiskFlag.MarginErosion, row.RiskFlags);
        Assert.Contains(RiskFlag.DiscountGrowth, row.RiskFlags);
        Assert.Equal(-0.10, Row(result, "two").MarginTrend!.Value, 9);
        Assert.DoesNotContain(RiskFlag.MarginErosion, Row(result, "two").RiskFlags);
    }

    [Fact]
    public void Compute_NegativeScenario_ProspectsGrowthReplacesALeaver()
    {
        var options = new AnalyticsOptions { Scoring = new ScoringOptions { Criteria = [new() { Name = "value", Weight = 1, Source = "judged" }] } };
        // Much more engaged than the prospect: the prospect's attractiveness is low.
        var big = Facts.Account("big", 1000).WithOrders(o => o with { SecondHalf = 500 }).WithActivity(0, 0, engagement: 50);
        // A prospect (valuable, weak attractiveness) that grew from 100 to 300 a half: +200 at its current pace.
        var prospect = Facts.Account("prospect", 400).WithOrders(o => o with { SecondHalf = 300 });
        prospect.Judged["value"] = new JudgedScore(Facts.DaysAgo(1), "j", 9);

        var result = Rank(options, big, prospect);

        Assert.Equal(KaismQuadrant.Prospective, Row(result, "prospect").KaismQuadrant);
        Assert.Equal(200, Row(result, "prospect").RevenueGrowth);
        Assert.Equal(200, result.Portfolio.ProspectiveGrowth);
        Assert.Equal(0.2, Row(result, "big").ReplaceableShare!.Value, 12);
        // Its own growth does not replace it.
        Assert.Equal(0, Row(result, "prospect").ReplaceableShare);
        Assert.Equal(["big", "prospect"], result.ScenarioAccounts(5).Select(a => a.AccountId));
    }

    [Fact]
    public void Compute_QuarterShares_PerQuarterOfTheWholePortfolio()
    {
        var a = Facts.Account("a", 100).WithOrders(o => o with { Quarters = [10, 20, 30, 40] });
        var b = Facts.Account("b", 100).WithOrders(o => o with { Quarters = [30, 20, 10, 40] });

        var result = Rank(a, b);

        Assert.Equal([0.25, 0.5, 0.75, 0.5], Row(result, "a").QuarterShares);
    }

    [Fact]
    public void Compute_UnconvertedOrders_ReportedNotSummed()
    {
        var account = Facts.Account("a", 100).WithOrders(o => o with { UnconvertedOrders = 2, Unconverted = [("USD", 20000, 1), ("ZZZ", 5, 1)] });

        var result = Rank(account);

        Assert.Equal(100, result.Portfolio.TotalRevenue);
        Assert.Equal(2, result.Portfolio.UnconvertedOrders);
        Assert.Equal(["USD 20000.00", "ZZZ 5.00"], result.Portfolio.UnconvertedAmounts);
        Assert.Equal("RUB", result.Portfolio.Currency);
    }

    [Fact]
    public void Compute_InputOrder_DoesNotChangeTheResult()
    {
        var accounts = Enumerable.Range(0, 50).Select(i =>
        {
            var a = Facts.Account($"acc-{i:D2}", [.. Enumerable.Range(0, i % 7).Select(k => 10.0 + (i * 3 % 11) + k)]).WithActivity(i % 5, i % 13 * 6, i % 13);
            a.Nps.Add((Facts.DaysAgo(i), i % 11));
            return a;
        }).ToList();
        var shuffled = accounts.OrderBy(a => a.AccountId.GetHashCode(StringComparison.Ordinal)).ToList();

        string All(RankingResult r) => string.Join('\n', r.Accounts.Select(Render)) + r.Portfolio with { UnconvertedAmounts = [] };

        Assert.Equal(All(Rank([.. accounts])), All(Rank([.. shuffled])));
    }

    private static string Render(AccountRanking a) =>
        $"{a with { CriterionScores = [], RiskFlags = [], QuarterShares = [] }} {string.Join(',', a.CriterionScores)} {string.Join(',', a.RiskFlags)} {string.Join(',', a.QuarterShares)}";
}
