using ProfileUnifier.Analytics.Money;
using ProfileUnifier.Analytics.Options;
using ProfileUnifier.Analytics.Statistics;

namespace ProfileUnifier.Analytics.Risks;

/// <summary>
/// Negotiation pressure: the revenue-weighted margin and discount of the last
/// <see cref="RiskOptions.TrendDays"/> against the period before. A flag needs enough orders on both sides and a
/// one-sided Welch t-test on the orders' values, so two orders with different margins are not a trend.
/// </summary>
public sealed record TrendRisk(double? MarginTrend, double? MarginPValue, bool MarginErosion, double? DiscountTrend, double? DiscountPValue, bool DiscountGrowth)
{
    public static TrendRisk Of(IReadOnlyList<Sale> sales, DateTime end, RiskOptions r)
    {
        var start = end.AddDays(-r.TrendDays);
        var before = start.AddDays(-r.TrendDays);
        var margin = Compare(sales, before, start, end, s => s.Margin, r);
        var discount = Compare(sales, before, start, end, s => s.Discount is { } d ? -d : null, r);
        return new TrendRisk(margin.Trend, margin.P, margin.Trend < -r.MarginDrop && margin.Enough && margin.P < r.TrendSignificance,
            -discount.Trend, discount.P, -discount.Trend > r.DiscountRise && discount.Enough && discount.P < r.TrendSignificance);
    }

    /// <summary>Weighted recent − earlier, and whether the recent values are significantly lower.</summary>
    private static (double? Trend, double? P, bool Enough) Compare(IReadOnlyList<Sale> sales, DateTime before, DateTime start, DateTime end,
        Func<Sale, double?> value, RiskOptions r)
    {
        var (recent, earlier) = (new Sample(), new Sample());
        decimal recentSum = 0, recentWeight = 0, earlierSum = 0, earlierWeight = 0;
        foreach (var s in sales)
        {
            if (s.Amount <= 0 || value(s) is not { } v || s.At < before || s.At >= end)
            {
                continue;
            }

            if (s.At >= start)
            {
                recent.Add(v);
                recentSum += s.Amount * (decimal)v;
                recentWeight += s.Amount;
            }
            else
            {
                earlier.Add(v);
                earlierSum += s.Amount * (decimal)v;
                earlierWeight += s.Amount;
            }
        }

        if (recentWeight == 0 || earlierWeight == 0)
        {
            return (null, null, false);
        }

        var trend = Math.Round((double)(recentSum / recentWeight) - (double)(earlierSum / earlierWeight), 9);
        return (trend, Significance.WelchBelow(recent, earlier), recent.Count >= r.TrendMinOrders && earlier.Count >= r.TrendMinOrders);
    }
}
