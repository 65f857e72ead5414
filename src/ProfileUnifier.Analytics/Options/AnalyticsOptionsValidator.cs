using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using ProfileUnifier.Analytics.Ranking;
using ProfileUnifier.Core.Money;

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
        if (r.ActivityRecentDays < 1 || r.ActivityBaselineDays < 1 || r.PaymentWindowDays < 1 || r.TrendDays < 1 || r.ContactLeftDays < 1 || r.OverdueGraceDays < 0)
        {
            errors.Add("Analytics:Risk: ActivityRecentDays, ActivityBaselineDays, PaymentWindowDays, TrendDays and ContactLeftDays must be positive, OverdueGraceDays not negative");
        }

        if (r.ActivityDrop is <= 0 or >= 1 || r.ActivitySignificance is <= 0 or >= 1 || r.TrendSignificance is <= 0 or >= 1)
        {
            errors.Add("Analytics:Risk: ActivityDrop, ActivitySignificance and TrendSignificance must be in (0, 1)");
        }

        if (r.PaymentMinInvoices < 1 || r.TrendMinOrders < 2 || r.PaymentDelayDays < 0 || r.OverdueShare < 0 || r.MarginDrop < 0 || r.DiscountRise < 0)
        {
            errors.Add("Analytics:Risk: PaymentMinInvoices must be at least 1, TrendMinOrders at least 2 (a t-test needs two), the other limits not negative");
        }

        errors.AddRange(CurrencyErrors(o.Currency));
        if (!WireNames.TryParseWire<AbcClass>(o.Alerts.UpToClass, out _))
        {
            errors.Add($"Analytics:Alerts:UpToClass must be A, B or C (got '{o.Alerts.UpToClass}')");
        }

        if (!(o.Alerts.HhiModerate > 0 && o.Alerts.HhiModerate < o.Alerts.HhiHigh && o.Alerts.HhiHigh <= 1) || string.IsNullOrWhiteSpace(o.Alerts.Topic))
        {
            errors.Add("Analytics:Alerts: need 0 < HhiModerate < HhiHigh <= 1 and a Topic name");
        }

        if (o.Campaigns.ReactionWindowDays < 1 || o.Campaigns.RecentDays < 1 || o.ScenarioAccounts is < 1 or > 100)
        {
            errors.Add("Analytics: Campaigns:ReactionWindowDays and Campaigns:RecentDays must be positive, ScenarioAccounts 1..100");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static IEnumerable<string> CurrencyErrors(CurrencyOptions c)
    {
        if (!CurrencyCodes.IsKnown(c.ReportingCurrency))
        {
            yield return $"Analytics:Currency:ReportingCurrency '{c.ReportingCurrency}' is not an ISO 4217 code";
        }

        if (c.DefaultCurrency.Length > 0 && !CurrencyCodes.IsKnown(c.DefaultCurrency))
        {
            yield return $"Analytics:Currency:DefaultCurrency '{c.DefaultCurrency}' is not an ISO 4217 code";
        }

        foreach (var (code, rate) in c.Rates)
        {
            if (!CurrencyCodes.IsKnown(code) || rate <= 0)
            {
                yield return $"Analytics:Currency:Rates: '{code}' = {rate}: need an ISO 4217 code and a positive rate";
            }
        }

        if (c.RatesFile is { Length: > 0 } file && !File.Exists(file))
        {
            yield return $"Analytics:Currency:RatesFile not found: {Path.GetFullPath(file)}";
        }
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
