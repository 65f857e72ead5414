using System.Text.Json.Nodes;
using ProfileUnifier.Core.Money;
using ProfileUnifier.Core.Tests.Support;

namespace ProfileUnifier.Core.Tests.Validation;

public sealed class CurrencyCodesTests
{
    [Fact]
    public void All_SameListAsTheSchemasCurrencyEnum()
    {
        var schema = JsonNode.Parse(File.ReadAllText(Fixtures.Schema("common.schema.json")))!;
        var codes = schema["$defs"]!["order"]!["properties"]!["currency"]!["enum"]!.AsArray().Select(c => (string)c!).ToList();

        Assert.Equal(CurrencyCodes.All, codes.Order(StringComparer.Ordinal));
        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("RUB", true)]
    [InlineData("USD", true)]
    [InlineData("EUR", true)]
    [InlineData("XTS", true)]
    [InlineData("HRK", true)]
    [InlineData("ZZZ", false)]
    [InlineData("rub", false)]
    [InlineData("RUR", false)]
    [InlineData("EURO", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsKnown_Iso4217UpperCaseOnly(string? code, bool known) => Assert.Equal(known, CurrencyCodes.IsKnown(code));
}
