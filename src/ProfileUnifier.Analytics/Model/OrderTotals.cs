namespace ProfileUnifier.Analytics.Model;

/// <summary>
/// An account's orders (each order_id once) summed over the periods of <see cref="RankWindows"/>, amounts in the
/// reporting currency. Orders whose currency has no rate are in no sum: they are counted, with their original
/// amounts per currency, instead.
/// </summary>
public sealed record OrderTotals
{
    /// <summary>Its first order ever (converted or not): when the account was won.</summary>
    public DateTime? FirstOrder { get; init; }

    /// <summary>Converted orders in the revenue window and their revenue.</summary>
    public int Orders { get; init; }
    public decimal Revenue { get; init; }

    /// <summary>Revenue of the window's second half.</summary>
    public decimal SecondHalf { get; init; }

    /// <summary>Revenue of the last four quarters, oldest first.</summary>
    public IReadOnlyList<decimal> Quarters { get; init; } = [0, 0, 0, 0];

    /// <summary>Σ amount × margin and Σ amount over the window's orders with a margin.</summary>
    public decimal MarginSum { get; init; }
    public decimal MarginWeight { get; init; }

    /// <summary>Calendar months of the window with a converted order.</summary>
    public int ActiveMonths { get; init; }

    /// <summary>Margins and discounts of the orders with a positive amount, in the recent trend period and the one before.</summary>
    public Moments MarginRecent { get; init; }
    public Moments MarginEarlier { get; init; }
    public Moments DiscountRecent { get; init; }
    public Moments DiscountEarlier { get; init; }

    public int UnconvertedOrders { get; init; }

    /// <summary>The window's orders without a rate: currency, original amount, orders.</summary>
    public IReadOnlyList<(string Currency, decimal Amount, int Orders)> Unconverted { get; init; } = [];

    public double? Margin => MarginWeight == 0 ? null : (double)(MarginSum / MarginWeight);

    /// <summary>Revenue change at the current pace: the second half annualised minus the window's revenue.</summary>
    public decimal Growth => SecondHalf - (Revenue - SecondHalf);
}

/// <summary>
/// The moments of some values x with weights w (amounts): count, Σw·x, Σw, Σx, Σx². Enough for a weighted mean and a
/// t-test, and exact sums, so the result never depends on the order rows were added in.
/// </summary>
public readonly record struct Moments(int Count, decimal WeightedSum, decimal Weight, decimal Sum, decimal SumOfSquares)
{
    public double? WeightedMean => Weight == 0 ? null : (double)(WeightedSum / Weight);

    public double Mean => Count == 0 ? 0 : (double)(Sum / Count);

    /// <summary>Unbiased sample variance (0 below two values).</summary>
    public double Variance => Count < 2 ? 0 : Math.Max(0, (double)((SumOfSquares - (Sum * Sum / Count)) / (Count - 1)));
}
