using ProfileUnifier.Analytics.Money;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Analytics.Tests;

public sealed class FxRatesFileTests
{
    [Fact]
    public void Read_GoodFile_EveryRate()
    {
        using var dir = new TempFolder();
        File.WriteAllText(dir["fx_rates.csv"], "date,currency,rate\n2026-01-01,USD,90.5\n\n2026-02-01, EUR ,100\n");

        var rates = FxRatesFile.Read(dir["fx_rates.csv"]);

        Assert.Equal([new FxRate(new DateOnly(2026, 1, 1), "USD", 90.5m), new FxRate(new DateOnly(2026, 2, 1), "EUR", 100m)], rates);
    }

    [Theory]
    [InlineData("day,currency,rate\n", "line 1: the first line must be the header")]
    [InlineData("date,currency,rate\n2026-13-01,USD,90\n", "line 2: '2026-13-01' is not a date")]
    [InlineData("date,currency,rate\n2026-01-01,ZZZ,90\n", "line 2: 'ZZZ' is not an ISO 4217 currency code")]
    [InlineData("date,currency,rate\n2026-01-01,USD,-1\n", "line 2: '-1' is not a positive rate")]
    [InlineData("date,currency,rate\n2026-01-01,USD,90,1\n", "line 2: expected 3 fields")]
    [InlineData("date,currency,rate\n2026-01-01,USD,90\n2026-01-01,USD,91\n", "line 3: a second rate for USD on 2026-01-01")]
    public void Read_BadLine_SaysWhichAndWhy(string content, string expected)
    {
        using var dir = new TempFolder();
        File.WriteAllText(dir["fx_rates.csv"], content);

        var error = Assert.Throws<FormatException>(() => FxRatesFile.Read(dir["fx_rates.csv"]));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
