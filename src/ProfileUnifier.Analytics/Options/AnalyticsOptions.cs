namespace ProfileUnifier.Analytics.Options;

/// <summary>The key-account method's settings (section <c>Analytics</c>); config/appsettings.json documents each.</summary>
public sealed class AnalyticsOptions
{
    public const string SectionName = "Analytics";

    /// <summary>Revenue, scoring and risk look at this many days up to the as-of date.</summary>
    public int RevenueWindowDays { get; set; } = 365;

    /// <summary>ABC: A while the cumulative share of the accounts before it is below this ...</summary>
    public double ClassAUpTo { get; set; } = 0.80;

    /// <summary>... B while below this; C the rest.</summary>
    public double ClassBUpTo { get; set; } = 0.95;

    /// <summary>Share of revenue above which an account is a key account ...</summary>
    public double KeyShare { get; set; } = 0.10;

    /// <summary>... a risky dependency ...</summary>
    public double DependencyShare { get; set; } = 0.20;

    /// <summary>... a mono-client.</summary>
    public double MonoShare { get; set; } = 0.50;

    public ScoringOptions Scoring { get; set; } = new();

    public KaismOptions Kaism { get; set; } = new();

    public RiskOptions Risk { get; set; } = new();

    public CurrencyOptions Currency { get; set; } = new();

    public AlertOptions Alerts { get; set; } = new();

    public CampaignOptions Campaigns { get; set; } = new();

    /// <summary>The negative scenario ("what if it leaves") is worked out for this many top accounts.</summary>
    public int ScenarioAccounts { get; set; } = 5;
}
