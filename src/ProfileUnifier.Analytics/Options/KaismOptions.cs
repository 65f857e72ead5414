namespace ProfileUnifier.Analytics.Options;

/// <summary>
/// KAISM axes. Value to us (y) is the weighted score. Our attractiveness to the account (x) combines share of
/// wallet (revenue / annual budget, where known), engagement (touchpoints in the last EngagementDays, as a
/// percentile) and feedback (average NPS); weights are renormalised over the parts an account has.
/// </summary>
public sealed class KaismOptions
{
    public double ShareOfWalletWeight { get; set; } = 0.4;

    public double EngagementWeight { get; set; } = 0.3;

    public double FeedbackWeight { get; set; } = 0.3;

    public int EngagementDays { get; set; } = 90;

    /// <summary>Both axes run 1..10; at or above the split is "high".</summary>
    public double ValueSplit { get; set; } = 5.5;

    public double AttractivenessSplit { get; set; } = 5.5;
}
