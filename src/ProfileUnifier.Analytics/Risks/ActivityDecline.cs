using ProfileUnifier.Analytics.Options;
using ProfileUnifier.Analytics.Statistics;

namespace ProfileUnifier.Analytics.Risks;

/// <summary>
/// Activity decline against the account's own baseline. Under "nothing changed" the touchpoints of the recent
/// and baseline periods are Poisson at one rate, so given their total n the recent count is
/// Binomial(n, R / (R + B)): the exact test of two Poisson rates. Declining when the recent rate is at least
/// <see cref="RiskOptions.ActivityDrop"/> below the baseline and that test's p-value is below
/// <see cref="RiskOptions.ActivitySignificance"/>.
/// </summary>
public sealed record ActivityDecline(int Recent, int Baseline, double Expected, double? Change, double PValue, bool Declining, double FalseAlarmChance)
{
    public static ActivityDecline Test(int recent, int baseline, RiskOptions r)
    {
        var n = recent + baseline;
        var share = r.ActivityRecentDays / (double)(r.ActivityRecentDays + r.ActivityBaselineDays);
        var expected = baseline * (double)r.ActivityRecentDays / r.ActivityBaselineDays;
        double? change = expected > 0 ? (recent / expected) - 1 : null;
        if (n == 0)
        {
            return new ActivityDecline(0, 0, 0, null, 1, false, 0);
        }

        var p = Significance.BinomialAtMost(recent, n, share);
        var declining = Large(recent, n, r) && p < r.ActivitySignificance;
        return new ActivityDecline(recent, baseline, expected, change, p, declining, FalseAlarm(n, share, r));
    }

    /// <summary>The recent rate is at least the configured drop below the baseline rate.</summary>
    private static bool Large(int recent, int n, RiskOptions r) =>
        recent * (double)r.ActivityBaselineDays <= (1 - r.ActivityDrop) * (n - recent) * r.ActivityRecentDays;

    /// <summary>
    /// The chance that this rule flags the account although its rate did not change, given its n touchpoints:
    /// P(X ≤ k*) for the largest k* the rule flags. Both conditions hold for every count below a flagged one,
    /// so the flagged counts are 0..k*.
    /// </summary>
    private static double FalseAlarm(int n, double share, RiskOptions r)
    {
        // Largest count the drop condition allows: k·B ≤ (1 − d)(n − k)·R.
        var keep = 1 - r.ActivityDrop;
        var most = (int)Math.Floor(keep * n * r.ActivityRecentDays / (r.ActivityBaselineDays + (keep * r.ActivityRecentDays)));
        while (most >= 0 && !Large(most, n, r))
        {
            most--;
        }

        if (most < 0 || Significance.BinomialAtMost(0, n, share) >= r.ActivitySignificance)
        {
            return 0;
        }

        var top = Significance.BinomialAtMost(most, n, share);
        if (top < r.ActivitySignificance)
        {
            return top;
        }

        // The largest k in [0, most) with P(X ≤ k) below the level: the tail is increasing in k.
        int lo = 0, hi = most;
        while (hi - lo > 1)
        {
            var mid = (lo + hi) / 2;
            if (Significance.BinomialAtMost(mid, n, share) < r.ActivitySignificance)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return Significance.BinomialAtMost(lo, n, share);
    }
}
