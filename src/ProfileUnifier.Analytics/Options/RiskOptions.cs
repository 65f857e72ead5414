namespace ProfileUnifier.Analytics.Options;

/// <summary>Per-account risk flags.</summary>
public sealed class RiskOptions
{
    /// <summary>Activity decline compares touchpoints in the last N days with the N days before.</summary>
    public int ActivityDays { get; set; } = 90;

    /// <summary>Declining when the recent period has this much fewer touchpoints (0.3 = 30 % fewer) ...</summary>
    public double ActivityDrop { get; set; } = 0.3;

    /// <summary>... and the earlier period had at least this many (too few say nothing).</summary>
    public int ActivityMinimum { get; set; } = 10;

    /// <summary>Flag payment_delay when invoices are paid this many days late on average.</summary>
    public double PaymentDelayDays { get; set; } = 15;

    /// <summary>Flag overdue when unpaid invoices past due exceed this share of the account's revenue.</summary>
    public double OverdueShare { get; set; } = 0.10;

    /// <summary>Margin and discount trends compare the last N days of orders with the N days before.</summary>
    public int TrendDays { get; set; } = 180;

    /// <summary>Flag margin_erosion when the margin fell by more than this (0.05 = 5 points).</summary>
    public double MarginDrop { get; set; } = 0.05;

    /// <summary>Flag discount_growth when the average discount rose by more than this.</summary>
    public double DiscountRise { get; set; } = 0.05;

    /// <summary>Flag contact_left when a decision-maker or influencer moved to another employer in the last N days.</summary>
    public int ContactLeftDays { get; set; } = 180;
}
