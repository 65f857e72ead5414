using ProfileUnifier.Analytics.Model;
using ProfileUnifier.Analytics.Options;
using ProfileUnifier.Analytics.Statistics;

namespace ProfileUnifier.Analytics.Risks;

/// <summary>
/// Negotiation pressure: the revenue-weighted margin and discount of the last <see cref="RiskOptions.TrendDays"/>
/// against the period before. A flag needs enough orders on both sides and a one-sided Welch t-test on the orders'
/// values, so two orders with different margins are not a trend.
/// </summary>
public sealed record TrendRisk(double? MarginTrend, double? MarginPValue, bool MarginErosion, double? DiscountTrend, double? DiscountPValue, bool DiscountGrowth)
{
    public static TrendRisk Of(OrderTotals orders, RiskOptions r)
    {
        var margin = Difference(orders.MarginRecent, orders.MarginEarlier);
        var marginP = Significance.WelchBelow(orders.MarginRecent, orders.MarginEarlier);
        var discount = Difference(orders.DiscountRecent, orders.DiscountEarlier);
        var discountP = Significance.WelchBelow(orders.DiscountEarlier, orders.DiscountRecent);
        return new TrendRisk(
            margin, marginP, margin < -r.MarginDrop && Enough(orders.MarginRecent, orders.MarginEarlier, r) && marginP < r.TrendSignificance,
            discount, discountP, discount > r.DiscountRise && Enough(orders.DiscountRecent, orders.DiscountEarlier, r) && discountP < r.TrendSignificance);
    }

    private static double? Difference(Moments recent, Moments earlier) =>
        recent.WeightedMean is { } a && earlier.WeightedMean is { } b ? Math.Round(a - b, 9) : null;

    private static bool Enough(Moments recent, Moments earlier, RiskOptions r) => recent.Count >= r.TrendMinOrders && earlier.Count >= r.TrendMinOrders;
}
