using ProfileUnifier.Query.Output;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Query.Tests;

[Collection(RankedLakeCollection.Name)]
public sealed class OutputTests(RankedLake lake)
{
    /// <summary>Every kind of value the lake's tables hold, and the awkward text CSV must quote.</summary>
    private const string AllTypes = """
        SELECT 42::INTEGER AS int, 12345678901234::BIGINT AS bigint, 2.5::DOUBLE AS double, 0.1::DOUBLE AS tenth,
               'NaN'::DOUBLE AS nan, true AS bool, NULL::VARCHAR AS null_text,
               'plain' AS text, 'comma, "quote"' AS quoted, E'two\nlines' AS multiline, 'Иван Петров' AS cyrillic,
               TIMESTAMPTZ '2026-03-01 09:30:00.25+00' AS timestamptz, TIMESTAMP '2026-03-01 09:30:00' AS timestamp,
               DATE '2026-03-01' AS date, ['a', 'b,c'] AS list, []::VARCHAR[] AS empty_list, {'k': 1, 'v': 'x'} AS struct
        UNION ALL
        SELECT -1, 0, -0.001, 1e300, 'inf'::DOUBLE, false, NULL, '', '"', E'\r', 'ё', NULL, NULL, NULL, NULL, ['x'], NULL
        """;

    [Fact]
    public void CsvResultWriter_AllTypes_MatchesGolden()
    {
        using var db = LakeDatabase.Open(lake.Root);
        using var output = new StringWriter();

        var rows = db.Read(AllTypes, reader => CsvResultWriter.Write(reader, output));

        Assert.Equal(2, rows);
        Golden.Match("all-types.csv", output.ToString());
    }

    [Fact]
    public void JsonResultWriter_AllTypes_MatchesGolden()
    {
        using var db = LakeDatabase.Open(lake.Root);
        using var output = new StringWriter();

        var rows = db.Read(AllTypes, reader => JsonResultWriter.Write(reader, output));

        Assert.Equal(2, rows);
        Golden.Match("all-types.json", output.ToString());
    }

    [Fact]
    public void JsonResultWriter_ManyRows_IsOneValidArrayWithEveryRow()
    {
        using var db = LakeDatabase.Open(lake.Root);
        using var output = new StringWriter();

        var rows = db.Read("SELECT * FROM events", reader => JsonResultWriter.Write(reader, output));

        using var parsed = System.Text.Json.JsonDocument.Parse(output.ToString());
        Assert.Equal(lake.Generated.Events, rows);
        Assert.Equal(rows, parsed.RootElement.GetArrayLength());
    }

    [Theory]
    [InlineData(1234567.891, "1,234,567.891")]
    [InlineData(0.123456789, "0.1235")]
    [InlineData(-3.0, "-3")]
    public void Display_Double_RoundedWithSeparators(double value, string expected) =>
        Assert.Equal(expected, ValueText.Display(value));
}
