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

    [Fact]
    public void Compute_RevenueCountsOnlyOrdersInTheWindow()
    {
        var account = Facts.Account("a", 100);
        account.Orders.Add(new OrderFact("old", Facts.DaysAgo(400), 1000, null, null));
        account.Orders.Add(new OrderFact("future", Facts.DaysAgo(-2), 1000, null, null));

        var row = Row(Rank(account), "a");

        Assert.Equal(100, row.Revenue);
        Assert.Equal(1, row.Orders);
    }

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

        Assert.Equal(classes, string.Join(',', result.Accounts.Select(a => a.AbcClass)));
    }

    [Theory]
    [InlineData(10, "none")]
    [InlineData(10.01, "key")]
    [InlineData(20, "key")]
    [InlineData(20.01, "dependency")]
    [InlineData(50, "dependency")]
    [InlineData(50.01, "mono")]
    public void Compute_ShareFlag_StrictlyAboveEachThreshold(double revenue, string flag)
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
        Assert.Equal(first.Accounts.Select(a => a with { CriterionScores = [], RiskFlags = [] }), second.Accounts.Select(a => a with { CriterionScores = [], RiskFlags = [] }));
    }

    [Fact]
    public void Compute_ZeroRevenue_SharesZeroClassCNoFlags()
    {
        var result = Rank(Facts.Account("a"), Facts.Account("b"));

        Assert.All(result.Accounts, a => Assert.Equal((0.0, 0.0, "C", "none"), (a.RevenueShare, a.CumulativeShare, a.AbcClass, a.ShareFlag)));
        Assert.Equal((0.0, 0.0, 0.0, false), (result.Portfolio.Hhi, result.Portfolio.Top1Share, result.Portfolio.TotalRevenue, result.Portfolio.MonoClient));
    }

    [Fact]
    public void Compute_SingleAccount_MonoClientWithFullConcentration()
    {
        var result = Rank(Facts.Account("only", 500));

        var row = Assert.Single(result.Accounts);
        Assert.Equal(("A", "mono", 1.0), (row.AbcClass, row.ShareFlag, row.RevenueShare));
        Assert.Contains("mono_client", row.RiskFlags);
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
        var old = Facts.Account("old", 75);
        old.Orders.Add(new OrderFact("first", Facts.DaysAgo(500), 10, null, null));

        var result = Rank(old, Facts.Account("new", 25));

        Assert.False(Row(result, "old").NewAccount);
        Assert.True(Row(result, "new").NewAccount);
        Assert.Equal(0.25, result.Portfolio.RevenueShareNewAccounts);
    }

    [Fact]
    public void Compute_Margins_NegativeKeptMissingIgnored()
    {
        var loss = new AccountFacts("loss");
        loss.Orders.Add(new OrderFact("1", Facts.DaysAgo(5), 100, -0.2, null));
        loss.Orders.Add(new OrderFact("2", Facts.DaysAgo(6), 300, 0.2, null));
        var unknown = Facts.Account("unknown", 100);

        var result = Rank(loss, unknown);

        Assert.Equal(0.1, Row(result, "loss").Margin!.Value, 12);
        Assert.Null(Row(result, "unknown").Margin);
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
        var regular = new AccountFacts("regular");
        for (var m = 0; m < 12; m++)
        {
            regular.Orders.Add(new OrderFact($"m{m}", Facts.DaysAgo(15 + (m * 30.4)), 10, null, null));
        }

        regular.Judged[Criteria.Reputation] = new JudgedScore(Facts.DaysAgo(50), "e1", 4);
        regular.Judged[Criteria.Reputation] = new JudgedScore(Facts.DaysAgo(10), "e2", 8);
        var once = Facts.Account("once", 10);

        var result = Rank(options, regular, once);

        Assert.Equal([10, 8, null], Row(result, "regular").CriterionScores);
        Assert.Equal((0.5 * 10 + 0.3 * 8) / 0.8, Row(result, "regular").Score!.Value, 6);
        Assert.Equal([2, null, null], Row(result, "once").CriterionScores);
        Assert.Equal(2, Row(result, "once").Score);
    }

    [Theory]
    [InlineData(9, 9, "key")]
    [InlineData(9, 2, "prospective")]
    [InlineData(2, 9, "maintain")]
    [InlineData(2, 2, "low_priority")]
    public void Compute_Kaism_QuadrantFromValueAndAttractiveness(int judged, int nps, string quadrant)
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

    [Theory]
    [InlineData(20, 13, true)]
    [InlineData(20, 14, false)]
    [InlineData(9, 0, false)]
    [InlineData(10, 6, true)]
    public void Compute_Declining_RecentAgainstPreviousPeriod(int previous, int recent, bool declining)
    {
        // Defaults: 90-day periods, 30 % fewer, at least 10 touchpoints before.
        var account = Facts.Account("a", 100).WithTouchpoints(previous, 179, 91).WithTouchpoints(recent, 89, 1);

        var row = Row(Rank(account), "a");

        Assert.Equal((declining, previous, recent), (row.Declining, row.TouchpointsPrevious, row.TouchpointsRecent));
        Assert.Equal(declining, row.RiskFlags.Contains("declining"));
    }

    [Theory]
    [InlineData(10, true)]
    [InlineData(179, true)]
    [InlineData(181, false)]
    public void Compute_KeyContactLeft_FlaggedWithinContactLeftDays(double daysAgo, bool flagged)
    {
        var account = Facts.Account("a", 100);
        account.KeyContactsLeft.Add(Facts.DaysAgo(daysAgo));

        Assert.Equal(flagged, Row(Rank(account), "a").RiskFlags.Contains("contact_left"));
    }

    [Fact]
    public void Compute_Payments_AverageDelayAndOverdue()
    {
        var account = Facts.Account("a", 1000);
        var due = DateOnly.FromDateTime(Facts.DaysAgo(100));
        account.Invoices.Add(new InvoiceFact("i1", 100, due));
        account.Payments.Add(new PaymentFact("i1", 60, Facts.DaysAgo(90)));
        account.Payments.Add(new PaymentFact("i1", 40, Facts.DaysAgo(80)));
        account.Invoices.Add(new InvoiceFact("i2", 100, due));
        account.Payments.Add(new PaymentFact("i2", 100, Facts.DaysAgo(100)));
        account.Invoices.Add(new InvoiceFact("i3", 300, DateOnly.FromDateTime(Facts.DaysAgo(5))));
        account.Payments.Add(new PaymentFact("i3", 50, Facts.DaysAgo(2)));
        account.Invoices.Add(new InvoiceFact("i4", 999, DateOnly.FromDateTime(Facts.DaysAgo(-10))));

        var row = Row(Rank(account), "a");

        Assert.Equal(10, row.AvgPaymentDelayDays);
        Assert.Equal(250, row.OverdueAmount);
        Assert.Contains("overdue", row.RiskFlags);
        Assert.DoesNotContain("payment_delay", row.RiskFlags);
    }

    [Fact]
    public void Compute_MarginErosionAndDiscountGrowth_Flagged()
    {
        var account = new AccountFacts("a");
        account.Orders.Add(new OrderFact("old", Facts.DaysAgo(300), 100, 0.30, 0.02));
        account.Orders.Add(new OrderFact("new", Facts.DaysAgo(30), 100, 0.20, 0.10));

        var row = Row(Rank(account), "a");

        Assert.Equal(-0.10, row.MarginTrend!.Value, 9);
        Assert.Equal(0.08, row.DiscountTrend!.Value, 9);
        Assert.Contains("margin_erosion", row.RiskFlags);
        Assert.Contains("discount_growth", row.RiskFlags);
    }

    [Fact]
    public void Compute_InputOrder_DoesNotChangeTheResult()
    {
        var accounts = Enumerable.Range(0, 50).Select(i =>
        {
            var a = Facts.Account($"acc-{i:D2}", [.. Enumerable.Range(0, i % 7).Select(k => 10.0 + (i * 3 % 11) + k)]).WithTouchpoints(i % 13, 150, 1);
            a.Nps.Add((Facts.DaysAgo(i), i % 11));
            return a;
        }).ToList();
        var shuffled = accounts.OrderBy(a => a.AccountId.GetHashCode(StringComparison.Ordinal)).ToList();

        string Render(RankingResult r) => string.Join('\n', r.Accounts.Select(a => $"{a with { CriterionScores = [], RiskFlags = [] }} {string.Join(',', a.CriterionScores)} {string.Join(',', a.RiskFlags)}")) + r.Portfolio;

        Assert.Equal(Render(Rank([.. accounts])), Render(Rank([.. shuffled])));
    }
}
