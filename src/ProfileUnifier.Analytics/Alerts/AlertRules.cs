using System.Globalization;
using System.Text.Json.Nodes;
using ProfileUnifier.Analytics.Options;
using ProfileUnifier.Analytics.Ranking;

namespace ProfileUnifier.Analytics.Alerts;

/// <summary>
/// The conditions a ranking raises: each account above a share threshold; for accounts of the classes alerts
/// watch (<see cref="AlertOptions.UpToClass"/>) a significant activity decline, late payment, aged overdue
/// invoices and margin erosion; and the portfolio's HHI in a concentrated band.
/// </summary>
public static class AlertRules
{
    public static IEnumerable<AlertCondition> From(RankingResult result, AnalyticsOptions options)
    {
        var o = options.Alerts;
        var r = options.Risk;
        var currency = result.Portfolio.Currency;
        _ = WireNames.TryParseWire<AbcClass>(o.UpToClass, out var upTo);
        foreach (var a in result.Accounts)
        {
            var name = a.Name ?? a.CrmAccountId ?? a.AccountId;
            if (a.ShareFlag != ShareFlag.None)
            {
                var (threshold, severity) = a.ShareFlag switch
                {
                    ShareFlag.Mono => (options.MonoShare, AlertSeverity.Critical),
                    ShareFlag.Dependency => (options.DependencyShare, AlertSeverity.Warning),
                    _ => (options.KeyShare, AlertSeverity.Info),
                };
                yield return Raise(AlertKind.ShareThreshold, a, a.ShareFlag.WireName(), severity,
                    new JsonObject { ["revenue_share"] = a.RevenueShare, ["threshold"] = threshold, ["revenue"] = a.Revenue, ["currency"] = currency },
                    $"{name} brings {a.RevenueShare:P1} of revenue, above the {threshold:P0} {a.ShareFlag.WireName()} threshold");
            }

            if (a.AbcClass > upTo)
            {
                continue;
            }

            if (a.Declining)
            {
                yield return Raise(AlertKind.ActivityDecline, a, null, a.AbcClass == AbcClass.A ? AlertSeverity.Critical : AlertSeverity.Warning,
                    new JsonObject
                    {
                        ["touchpoints_recent"] = a.TouchpointsRecent, ["touchpoints_expected"] = Math.Round(a.TouchpointsExpected, 2),
                        ["recent_days"] = r.ActivityRecentDays, ["baseline_days"] = r.ActivityBaselineDays, ["p_value"] = a.DeclinePValue,
                    },
                    $"{name}: {a.TouchpointsRecent} touchpoints in the last {r.ActivityRecentDays} days where {a.TouchpointsExpected:F1} were expected from the {r.ActivityBaselineDays} days before ({a.ActivityChange:+0%;-0%})");
            }

            if (a.Has(RiskFlag.PaymentDelay))
            {
                yield return Raise(AlertKind.PaymentDelay, a, null, AlertSeverity.Warning,
                    new JsonObject { ["median_delay_days"] = a.MedianPaymentDelayDays, ["paid_invoices"] = a.PaidInvoices, ["window_days"] = r.PaymentWindowDays },
                    $"{name} pays {a.MedianPaymentDelayDays:F0} days late (median of {a.PaidInvoices} invoices due in the last {r.PaymentWindowDays} days)");
            }

            if (a.Has(RiskFlag.Overdue))
            {
                yield return Raise(AlertKind.Overdue, a, null, a.OverdueAgedAmount > 2 * r.OverdueShare * a.Revenue ? AlertSeverity.Critical : AlertSeverity.Warning,
                    new JsonObject { ["overdue_aged_amount"] = a.OverdueAgedAmount, ["revenue"] = a.Revenue, ["grace_days"] = r.OverdueGraceDays, ["currency"] = currency },
                    $"{name} has {a.OverdueAgedAmount:N0} {currency} unpaid more than {r.OverdueGraceDays} days past due ({a.OverdueAgedAmount / a.Revenue:P0} of its revenue)");
            }

            if (a.Has(RiskFlag.MarginErosion))
            {
                yield return Raise(AlertKind.MarginErosion, a, null, AlertSeverity.Warning,
                    new JsonObject { ["margin_trend"] = a.MarginTrend, ["p_value"] = a.MarginTrendPValue, ["trend_days"] = r.TrendDays },
                    $"{name}: margin down {-a.MarginTrend * 100:F1} points over the last {r.TrendDays} days against the {r.TrendDays} before");
            }
        }

        var hhi = result.Portfolio.Hhi;
        if (hhi >= o.HhiModerate)
        {
            var high = hhi >= o.HhiHigh;
            yield return new AlertCondition(new AlertKey(AlertKind.HhiBand, null, null, high ? "high" : "moderate"),
                high ? AlertSeverity.Critical : AlertSeverity.Warning,
                Json(new JsonObject { ["hhi"] = hhi, ["band_from"] = high ? o.HhiHigh : o.HhiModerate }),
                string.Create(CultureInfo.InvariantCulture, $"revenue is {(high ? "highly" : "moderately")} concentrated: HHI {hhi:F3} (at least {(high ? o.HhiHigh : o.HhiModerate):F2})"));
        }
    }

    private static AlertCondition Raise(AlertKind kind, AccountRanking a, string? level, AlertSeverity severity, JsonObject evidence, FormattableString message) =>
        new(new AlertKey(kind, a.AccountId, null, level), severity, Json(evidence), message.ToString(CultureInfo.InvariantCulture));

    private static string Json(JsonObject evidence) => evidence.ToJsonString();
}
