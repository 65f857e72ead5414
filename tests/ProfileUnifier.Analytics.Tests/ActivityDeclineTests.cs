using MathNet.Numerics.Distributions;
using ProfileUnifier.Analytics.Options;
using ProfileUnifier.Analytics.Risks;
using ProfileUnifier.Analytics.Statistics;

namespace ProfileUnifier.Analytics.Tests;

/// <summary>The decline rule on simulated portfolios: steady accounts are (almost) never flagged, collapses always are.</summary>
public sealed class ActivityDeclineTests
{
    private static readonly RiskOptions Defaults = new();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Test_SteadyPortfolio_AtMostTwoPercentFlaggedAndAsManyAsPredicted(int seed)
    {
        // 3,000 accounts from a touchpoint every ten days to fifty a day, the same rate before and after.
        var random = new Random(seed);
        var (flagged, predicted) = (0, 0.0);
        const int Accounts = 3_000;
        for (var i = 0; i < Accounts; i++)
        {
            var rate = Math.Exp(Math.Log(0.1) + (random.NextDouble() * Math.Log(500)));
            var test = ActivityDecline.Test(Poisson.Sample(random, rate * 30), Poisson.Sample(random, rate * 180), Defaults);
            flagged += test.Declining ? 1 : 0;
            predicted += test.FalseAlarmChance;
        }

        Assert.InRange(flagged / (double)Accounts, 0, 0.02);
        // The reported false-alarm rate is what happens: within four standard deviations of the count.
        Assert.InRange(flagged, predicted - (4 * Math.Sqrt(predicted + 1)), predicted + (4 * Math.Sqrt(predicted + 1)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(40)]
    public void Test_CollapseOfNinetyPercentInTheLastThirtyDays_Flagged(double perDay)
    {
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            var test = ActivityDecline.Test(Poisson.Sample(random, perDay * 30 * 0.08), Poisson.Sample(random, perDay * 180), Defaults);
            Assert.True(test.Declining, $"{test.Recent} touchpoints in 30 days after {test.Baseline} in 180 (p = {test.PValue})");
        }
    }

    [Theory]
    [InlineData(10)]
    [InlineData(50)]
    [InlineData(400)]
    public void Test_FalseAlarmChance_TheProbabilityOfTheFlaggedCounts(int total)
    {
        // Sum, over every split of the total, the probability of the splits the rule flags.
        var share = 30 / 210.0;
        double expected = 0;
        for (var recent = 0; recent <= total; recent++)
        {
            if (ActivityDecline.Test(recent, total - recent, Defaults).Declining)
            {
                expected += Significance.BinomialAtMost(recent, total, share) - Significance.BinomialAtMost(recent - 1, total, share);
            }
        }

        var chance = ActivityDecline.Test(0, total, Defaults).FalseAlarmChance;
        Assert.Equal(expected, chance, 12);
        Assert.InRange(chance, 0, Defaults.ActivitySignificance);
    }

    [Fact]
    public void Test_NoTouchpoints_NothingToSay()
    {
        var test = ActivityDecline.Test(0, 0, Defaults);

        Assert.Equal((false, 1.0, 0.0, (double?)null), (test.Declining, test.PValue, test.FalseAlarmChance, test.Change));
    }
}
