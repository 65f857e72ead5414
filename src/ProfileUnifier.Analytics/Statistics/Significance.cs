using MathNet.Numerics.Distributions;
using ProfileUnifier.Analytics.Model;

namespace ProfileUnifier.Analytics.Statistics;

/// <summary>
/// The tests behind the risk flags: a flag says the change is real, not noise in small counts. The
/// distributions are Math.NET's (regularised incomplete beta), not a hand-rolled approximation.
/// </summary>
public static class Significance
{
    /// <summary>P(X ≤ k) for X ~ Binomial(n, p).</summary>
    public static double BinomialAtMost(int k, int n, double p) =>
        k < 0 ? 0 : k >= n ? 1 : Binomial.CDF(p, n, k);

    /// <summary>
    /// One-sided Welch t-test on the plain (unweighted) values: the p-value of "the mean of <paramref name="recent"/>
    /// is below the mean of <paramref name="earlier"/>". Null when either side has fewer than two values.
    /// </summary>
    public static double? WelchBelow(Moments recent, Moments earlier)
    {
        if (recent.Count < 2 || earlier.Count < 2)
        {
            return null;
        }

        var (a, b) = (recent.Variance / recent.Count, earlier.Variance / earlier.Count);
        var difference = recent.Mean - earlier.Mean;
        if (a + b == 0)
        {
            // No spread at all: any difference is certain, none is none.
            return difference < 0 ? 0 : 1;
        }

        var t = difference / Math.Sqrt(a + b);
        var freedom = (a + b) * (a + b) / ((a * a / (recent.Count - 1)) + (b * b / (earlier.Count - 1)));
        return StudentT.CDF(0, 1, freedom, t);
    }
}
