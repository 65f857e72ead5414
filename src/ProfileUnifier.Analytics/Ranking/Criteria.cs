using ProfileUnifier.Analytics.Options;

namespace ProfileUnifier.Analytics.Ranking;

/// <summary>The scoring criteria the method names (DESIGN.md, "Weighted scoring").</summary>
public static class Criteria
{
    /// <summary>Months with orders in the window, as a share of the window's months (regular buyers score high).</summary>
    public const string PurchaseFrequency = "purchase_frequency";

    /// <summary>Revenue in the window's second half against its first, as a percentile among accounts.</summary>
    public const string Growth = "growth";

    /// <summary>Revenue-weighted margin of the window's orders, as a percentile among accounts.</summary>
    public const string Profitability = "profitability";

    public const string Criticality = "criticality";
    public const string Reputation = "reputation";
    public const string WillingnessToPartner = "willingness_to_partner";

    public static IReadOnlyList<string> Computed { get; } = [PurchaseFrequency, Growth, Profitability];

    public static IReadOnlyList<CriterionOptions> Defaults { get; } =
    [
        new() { Name = PurchaseFrequency, Weight = 0.20, Source = "computed" },
        new() { Name = Growth, Weight = 0.15, Source = "computed" },
        new() { Name = Profitability, Weight = 0.20, Source = "computed" },
        new() { Name = Criticality, Weight = 0.20, Source = "judged" },
        new() { Name = Reputation, Weight = 0.10, Source = "judged" },
        new() { Name = WillingnessToPartner, Weight = 0.15, Source = "judged" },
    ];
}
