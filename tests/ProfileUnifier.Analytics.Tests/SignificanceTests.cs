using ProfileUnifier.Analytics.Statistics;

namespace ProfileUnifier.Analytics.Tests;

public sealed class SignificanceTests
{
    [Theory]
    [InlineData(0, 20, 0.15)]
    [InlineData(3, 20, 0.15)]
    [InlineData(7, 30, 0.5)]
    [InlineData(19, 20, 0.9)]
    public void BinomialAtMost_SameAsTheSumOfTheProbabilities(int k, int n, double p)
    {
        double sum = 0;
        for (var i = 0; i <= k; i++)
        {
            sum += Choose(n, i) * Math.Pow(p, i) * Math.Pow(1 - p, n - i);
        }

        Assert.Equal(sum, Significance.BinomialAtMost(k, n, p), 12);
    }

    [Fact]
    public void BinomialAtMost_Edges_ZeroBelowAndOneFromN()
    {
        Assert.Equal((0.0, 1.0, 1.0), (Significance.BinomialAtMost(-1, 10, 0.3), Significance.BinomialAtMost(10, 10, 0.3), Significance.BinomialAtMost(0, 0, 0.3)));
    }

    [Fact]
    public void WelchBelow_TextbookCase()
    {
        // Means 3 and 5, variances 2.5 each, five values each: t = -2, 8 degrees of freedom, one-sided p = 0.0403.
        var p = Significance.WelchBelow(Facts.Values(1, 2, 3, 4, 5), Facts.Values(3, 4, 5, 6, 7));

        Assert.Equal(0.040258, p!.Value, 5);
    }

    [Fact]
    public void WelchBelow_NoSpreadOrTooFew_CertainOrUndecided()
    {
        Assert.Equal(0, Significance.WelchBelow(Facts.Values(1, 1, 1), Facts.Values(2, 2)));
        Assert.Equal(1, Significance.WelchBelow(Facts.Values(2, 2), Facts.Values(2, 2, 2)));
        Assert.Null(Significance.WelchBelow(Facts.Values(1), Facts.Values(2, 3)));
    }

    private static double Choose(int n, int k)
    {
        double c = 1;
        for (var i = 1; i <= k; i++)
        {
            c = c * (n - k + i) / i;
        }

        return c;
    }
}
