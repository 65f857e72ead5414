using Microsoft.Extensions.Configuration;
using ProfileUnifier.Query.Segments;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Query.Tests;

[Collection(RankedLakeCollection.Name)]
public sealed class SegmentTests(RankedLake lake)
{
    private static readonly SegmentOptions Segments = new()
    {
        ["class-a"] = new() { Of = "accounts", Where = "abc_class = 'A'", OrderBy = "window_revenue DESC" },
        ["decision-makers"] = new() { Of = "people", Where = "role = 'decision_maker'" },
        ["broken"] = new() { Of = "accounts", Where = "shoe_size > 40" },
    };

    [Fact]
    public void Export_Csv_MembersAreTheRankedClassAAccounts()
    {
        using var db = LakeDatabase.Open(lake.Root);
        using var duck = new DuckLake(lake.Root);
        var path = lake[$"exports/{Guid.NewGuid():N}/class-a.csv"];

        var export = new SegmentRunner(db, Segments).Export("class-a", path);

        // The oracle is the ranking engine's own result, not SQL over the lake.
        var expected = lake.Ranking.Accounts.Where(a => a.AbcClass == ProfileUnifier.Analytics.Ranking.AbcClass.A).OrderByDescending(a => a.Revenue).Select(a => a.AccountId).ToList();
        var written = duck.Rows($"SELECT account_id FROM read_csv('{path}')").Select(r => (string)r[0]!).ToList();
        Assert.Equal("csv", export.Format);
        Assert.Equal(expected.Count, export.Members);
        Assert.Equal(expected, written);
        Assert.Empty(Directory.EnumerateFiles(Path.GetDirectoryName(path)!, "*.tmp"));
    }

    [Fact]
    public void Export_Parquet_PeopleReadBackByDuckDb()
    {
        var path = lake[$"exports/{Guid.NewGuid():N}/dm.parquet"];
        using var db = LakeDatabase.Open(lake.Root, [Path.GetDirectoryName(path)!]);
        using var duck = new DuckLake(lake.Root);

        var export = new SegmentRunner(db, Segments).Export("decision-makers", path);

        Assert.Equal("parquet", export.Format);
        Assert.Equal(duck.Count("profiles", "role = 'decision_maker'"), duck.Scalar<long>($"SELECT count(*) FROM read_parquet('{path}')"));
        Assert.Equal(export.Members, duck.Scalar<long>($"SELECT count(DISTINCT profile_id) FROM read_parquet('{path}') WHERE role = 'decision_maker'"));
    }

    [Fact]
    public void Export_ParquetToAFolderNotOpenedForExport_RefusedBySandbox()
    {
        using var db = LakeDatabase.Open(lake.Root);
        var path = lake[$"exports/{Guid.NewGuid():N}/dm.parquet"];

        var ex = Assert.Throws<LakeQueryException>(() => new SegmentRunner(db, Segments).Export("decision-makers", path));

        Assert.Contains("Permission Error", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData("report.xlsx")]
    [InlineData("report.txt")]
    public void Export_NeitherCsvNorParquet_RefusedBeforeQuerying(string file)
    {
        using var db = LakeDatabase.Open(lake.Root);

        var ex = Assert.Throws<ArgumentException>(() => new SegmentRunner(db, Segments).Export("class-a", lake[file]));

        Assert.Contains(".csv", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(lake[file]));
    }

    [Fact]
    public void Get_UnknownSegment_NotFoundListingTheSavedOnes()
    {
        using var db = LakeDatabase.Open(lake.Root);

        var ex = Assert.Throws<NotFoundException>(() => new SegmentRunner(db, Segments).Count("vip"));

        Assert.Equal("no segment named 'vip' in the settings; saved segments: broken, class-a, decision-makers", ex.Message);
    }

    [Fact]
    public void Export_BadCondition_ErrorNamesTheColumnAndWritesNothing()
    {
        using var db = LakeDatabase.Open(lake.Root);
        var folder = lake[$"exports/{Guid.NewGuid():N}"];

        var ex = Assert.Throws<LakeQueryException>(() => new SegmentRunner(db, Segments).Export("broken", Path.Combine(folder, "broken.csv")));

        Assert.Contains("shoe_size", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(folder) ? Directory.EnumerateFileSystemEntries(folder) : []);
    }

    [Fact]
    public void Validate_BadDefinitions_EveryProblemReported()
    {
        var options = new SegmentOptions
        {
            ["Bad Name"] = new() { Of = "accounts", Where = "true" },
            ["wrong-kind"] = new() { Of = "companies", Where = "true" },
            ["no-condition"] = new() { Of = "people", Where = " " },
            ["two-statements"] = new() { Of = "accounts", Where = "true; DROP VIEW accounts" },
        };

        var result = new SegmentOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(
            [
                "Segments:Bad Name: a segment name is lower-case letters, digits and '-' or '_'",
                "Segments:wrong-kind:Of is 'companies'; expected accounts or people",
                "Segments:no-condition:Where is empty; give a SQL condition such as abc_class = 'A' AND declining",
                "Segments:two-statements:Where must be one SQL expression, without ';'",
            ],
            result.Failures);
    }

    [Fact]
    public void Validate_ShippedSettings_Pass()
    {
        var config = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json")).Build();
        var shipped = new SegmentOptions();
        config.GetSection(SegmentOptions.SectionName).Bind(shipped);

        Assert.NotEmpty(shipped);
        Assert.True(new SegmentOptionsValidator().Validate(null, shipped).Succeeded);
        using var db = LakeDatabase.Open(lake.Root);
        var runner = new SegmentRunner(db, shipped);
        Assert.All(shipped.Keys, name => Assert.True(runner.Count(name) >= 0));
    }
}
