using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using ProfileUnifier.Analytics.Ranking;

namespace ProfileUnifier.Analytics.Options;

/// <summary>
/// Rejects a configuration the method cannot work with, at start, saying what is wrong: unknown criteria,
/// weights that do not sum to 1 (or 100), thresholds out of order.
/// </summary>
public sealed partial class AnalyticsOptionsValidator : IValidateOptions<AnalyticsOptions>
{
    public ValidateOptionsResult Validate(string? name, AnalyticsOptions o)
    {
        var errors = new List<string>();
        if (o.RevenueWindowDays is < 28 or > 3660)
        {
            errors.Add($"Analytics:RevenueWindowDays must be 28..3660 (got {o.RevenueWindowDays})");
        }

        if (!(o.ClassAUpTo > 0 && o.ClassAUpTo < o.ClassBUpTo && o.ClassBUpTo <= 1))
        {
            errors.Add($"Analytics: ABC thresholds out of order: need 0 < ClassAUpTo ({o.ClassAUpTo}) < ClassBUpTo ({o.ClassBUpTo}) <= 1");
        }

        if (!(o.KeyShare > 0 && o.KeyShare < o.DependencyShare && o.DependencyShare < o.MonoShare && o.MonoShare <= 1))
        {
            errors.Add($"Analytics: share thresholds out of order: need 0 < KeyShare ({o.KeyShare}) < DependencyShare ({o.DependencyShare}) < MonoShare ({o.MonoShare}) <= 1");
        }

        var criteria = o.Scoring.Criteria.Count == 0 ? Criteria.Defaults : o.Scoring.Criteria;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in criteria)
        {
            if (!CriterionName().IsMatch(c.Name))
            {
                errors.Add($"Analytics:Scoring: criterion name '{c.Name}' must be lower-case letters, digits and '_' (as in assessment events)");
            }
            else if (!names.Add(c.Name))
            {
                errors.Add($"Analytics:Scoring: criterion '{c.Name}' is listed twice");
            }

            if (c.Source is not ("computed" or "judged"))
            {
                errors.Add($"Analytics:Scoring: criterion '{c.Name}' has source '{c.Source}'; expected computed or judged");
            }
            else if (c.Source == "computed" && !Criteria.Computed.Contains(c.Name))
            {
                errors.Add($"Analytics:Scoring: unknown computed criterion '{c.Name}' (computed: {string.Join(", ", Criteria.Computed)}; other names must be judged)");
            }

            if (!(c.Weight > 0) || double.IsInfinity(c.Weight))
            {
                errors.Add($"Analytics:Scoring: criterion '{c.Name}' needs a positive weight (got {c.Weight})");
            }
        }

        var sum = criteria.Sum(c => c.Weight);
        if (Math.Abs(sum - 1) > 0.01 && Math.Abs(sum - 100) > 1)
        {
            errors.Add($"Analytics:Scoring: weights sum to {sum}; they must sum to 1 (or to 100, as percentages)");
        }

        var k = o.Kaism;
        if (k.ShareOfWalletWeight < 0 || k.EngagementWeight < 0 || k.FeedbackWeight < 0 || k.EngagementWeight == 0)
        {
            errors.Add("Analytics:Kaism: weights must not be negative, and EngagementWeight (the part every account has) must be positive");
        }

        if (k.ValueSplit is < 1 or > 10 || k.AttractivenessSplit is < 1 or > 10 || k.EngagementDays < 1)
        {
            errors.Add("Analytics:Kaism: ValueSplit and AttractivenessSplit are on the 1..10 scale; EngagementDays must be positive");
        }

        var r = o.Risk;
        if (r.ActivityDays < 1 || r.TrendDays < 1 || r.ContactLeftDays < 1 || r.ActivityDrop is <= 0 or >= 1 || r.ActivityMinimum < 0 || r.PaymentDelayDays < 0 ||
            r.OverdueShare < 0 || r.MarginDrop < 0 || r.DiscountRise < 0)
        {
            errors.Add("Analytics:Risk: periods must be positive, ActivityDrop in (0, 1), the other limits not negative");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The configured criteria (or the defaults) with weights scaled to sum to 1.</summary>
    public static IReadOnlyList<CriterionOptions> NormalisedCriteria(AnalyticsOptions o)
    {
        var criteria = o.Scoring.Criteria.Count == 0 ? Criteria.Defaults : o.Scoring.Criteria;
        var sum = criteria.Sum(c => c.Weight);
        return [.. criteria.Select(c => new CriterionOptions { Name = c.Name, Source = c.Source, Weight = c.Weight / sum })];
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex CriterionName();
}
