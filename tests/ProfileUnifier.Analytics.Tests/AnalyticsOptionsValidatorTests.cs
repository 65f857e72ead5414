using ProfileUnifier.Analytics.Options;

namespace ProfileUnifier.Analytics.Tests;

public sealed class AnalyticsOptionsValidatorTests
{
    private static List<string> Errors(AnalyticsOptions options) =>
        new AnalyticsOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    [Fact]
    public void Validate_Defaults_AreFine() => Assert.Empty(Errors(new AnalyticsOptions()));

    [Fact]
    public void Validate_UnknownComputedCriterion_NamesIt()
    {
        var options = new AnalyticsOptions { Scoring = new ScoringOptions { Criteria = [new() { Name = "vibes", Weight = 1, Source = "computed" }] } };

        Assert.Contains(Errors(options), e => e.Contains("unknown computed criterion 'vibes'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0.5, 0.3)]
    [InlineData(60, 30)]
    [InlineData(0.5, -0.5)]
    public void Validate_WeightsThatDoNotSumSensibly_AreRejected(double first, double second)
    {
        var options = new AnalyticsOptions
        {
            Scoring = new ScoringOptions { Criteria = [new() { Name = "a", Weight = first }, new() { Name = "b", Weight = second }] },
        };

        Assert.NotEmpty(Errors(options));
    }

    [Theory]
    [InlineData(0.6, 0.4)]
    [InlineData(60, 40)]
    public void Validate_WeightsSummingToOneOrHundred_AreFine(double first, double second)
    {
        var options = new AnalyticsOptions
        {
            Scoring = new ScoringOptions { Criteria = [new() { Name = "a", Weight = first }, new() { Name = "b", Weight = second }] },
        };

        Assert.Empty(Errors(options));
        Assert.Equal([0.6, 0.4], AnalyticsOptionsValidator.NormalisedCriteria(options).Select(c => Math.Round(c.Weight, 9)));
    }

    [Fact]
    public void Validate_ThresholdsOutOfOrder_AreRejected()
    {
        Assert.Contains(Errors(new AnalyticsOptions { KeyShare = 0.3 }), e => e.Contains("share thresholds out of order", StringComparison.Ordinal));
        Assert.Contains(Errors(new AnalyticsOptions { ClassAUpTo = 0.97 }), e => e.Contains("ABC thresholds out of order", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_DuplicateOrMalformedCriteria_AreRejected()
    {
        var options = new AnalyticsOptions
        {
            Scoring = new ScoringOptions { Criteria = [new() { Name = "a", Weight = 0.5 }, new() { Name = "a", Weight = 0.3 }, new() { Name = "Bad Name", Weight = 0.2 }] },
        };

        var errors = Errors(options);
        Assert.Contains(errors, e => e.Contains("listed twice", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'Bad Name'", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_CurrencySettings_UnknownCodesBadRatesMissingFileRejected()
    {
        var options = new AnalyticsOptions
        {
            Currency = new CurrencyOptions { ReportingCurrency = "RUR", DefaultCurrency = "usd", Rates = new() { ["ZZZ"] = 2, ["USD"] = 0 }, RatesFile = "/nowhere/fx.csv" },
        };

        var errors = Errors(options);

        Assert.Contains(errors, e => e.Contains("ReportingCurrency 'RUR' is not an ISO 4217 code", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("DefaultCurrency 'usd'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'ZZZ' = 2", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'USD' = 0", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("RatesFile not found: /nowhere/fx.csv", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_RiskAndAlertSettingsOutOfRange_Rejected()
    {
        var options = new AnalyticsOptions
        {
            Risk = new RiskOptions { ActivitySignificance = 1.5, TrendMinOrders = 1 },
            Alerts = new AlertOptions { UpToClass = "D", HhiModerate = 0.3, HhiHigh = 0.2 },
        };

        var errors = Errors(options);

        Assert.Contains(errors, e => e.Contains("ActivitySignificance", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("TrendMinOrders at least 2", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("UpToClass must be A, B or C", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("0 < HhiModerate < HhiHigh", StringComparison.Ordinal));
    }
}
