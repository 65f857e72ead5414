namespace ProfileUnifier.Analytics.Options;

/// <summary>
/// Per-account risk flags. Each rule needs enough evidence before it flags: a flag on half the portfolio is a
/// flag nobody reads.
/// </summary>
public sealed class RiskOptions
{
    /// <summary>Activity decline compares the touchpoints of the last N days ...</summary>
    public int ActivityRecentDays { get; set; } = 30;

    /// <summary>... with the account's own rate over the N days before them.</summary>
    public int ActivityBaselineDays { get; set; } = 180;

    /// <summary>Declining when the recent rate is at least this much below the baseline rate (0.5 = half) ...</summary>
    public double ActivityDrop { get; set; } = 0.5;

    /// <summary>
    /// ... and the drop is significant: the one-sided p-value of the exact test of two Poisson rates (the recent
    /// count given the total, binomial) is below this. It bounds the share of steady accounts flagged by chance.
    /// </summary>
    public double ActivitySignificance { get; set; } = 0.01;

    /// <summary>Payment delay looks at the invoices due in the last N days and paid.</summary>
    public int PaymentWindowDays { get; set; } = 180;

    /// <summary>Flag payment_delay when at least this many invoices were paid in the window ...</summary>
    public int PaymentMinInvoices { get; set; } = 3;

    /// <summary>... and their median delay is above this many days (one late invoice among several does not flag).</summary>
    public double PaymentDelayDays { get; set; } = 15;

    /// <summary>Flag overdue when invoices unpaid more than <see cref="OverdueGraceDays"/> past due exceed this share of revenue.</summary>
    public double OverdueShare { get; set; } = 0.10;

    public int OverdueGraceDays { get; set; } = 30;

    /// <summary>Margin and discount trends compare the last N days of orders with the N days before.</summary>
    public int TrendDays { get; set; } = 180;

    /// <summary>A trend needs at least this many orders in each period ...</summary>
    public int TrendMinOrders { get; set; } = 5;

    /// <summary>... and a one-sided Welch t-test on the orders' margins (or discounts) below this p-value.</summary>
    public double TrendSignificance { get; set; } = 0.05;

    /// <summary>Flag margin_erosion when the margin fell by more than this (0.05 = 5 points).</summary>
    public double MarginDrop { get; set; } = 0.05;

    /// <summary>Flag discount_growth when the average discount rose by more than this.</summary>
    public double DiscountRise { get; set; } = 0.05;

    /// <summary>Flag contact_left when a decision-maker or influencer moved to another employer in the last N days.</summary>
    public int ContactLeftDays { get; set; } = 180;
}
