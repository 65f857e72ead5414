using ProfileUnifier.Query.Segments;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Query.Tests;

/// <summary>Each escape tried against <c>query</c> and saved segments (issue 15, item 2), refused.</summary>
[Collection(RankedLakeCollection.Name)]
public sealed class SandboxTests(RankedLake lake)
{
    [Theory]
    [InlineData("SELECT * FROM read_text('/etc/hostname')")]
    [InlineData("SELECT * FROM read_csv('/etc/passwd')")]
    [InlineData("SELECT * FROM glob('/etc/*')")]
    [InlineData("SELECT * FROM read_parquet('{lake}/../outside.parquet')")]
    public void Query_FileOutsideTheLake_PermissionError(string sql)
    {
        using var db = LakeDatabase.Open(lake.Root);

        var ex = Assert.Throws<LakeQueryException>(() => db.Query(sql.Replace("{lake}", lake.Root, StringComparison.Ordinal), r => r.Read()));

        Assert.Contains("Permission Error", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("COPY (SELECT * FROM touchpoints) TO '{lake}/touchpoints/source=web/x.parquet' (FORMAT parquet)")]
    [InlineData("COPY touchpoints TO '{lake}/copy.csv'")]
    [InlineData("EXPORT DATABASE '{lake}/export'")]
    [InlineData("ATTACH '{lake}/attached.duckdb' AS other")]
    [InlineData("INSTALL httpfs")]
    [InlineData("LOAD httpfs")]
    [InlineData("SET enable_external_access = true")]
    [InlineData("PRAGMA disable_checkpoint_on_shutdown")]
    [InlineData("CREATE TABLE t AS SELECT 1")]
    [InlineData("DROP VIEW events")]
    public void Query_AnythingButSelect_RefusedAndTheLakeUnchanged(string sql)
    {
        using var db = LakeDatabase.Open(lake.Root);
        var before = Files(lake.Root);

        var ex = Assert.Throws<LakeQueryException>(() => db.Query(sql.Replace("{lake}", lake.Root, StringComparison.Ordinal), r => r.Read()));

        Assert.Contains("only a SELECT query can run here", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, Files(lake.Root));
        Assert.True(db.Has("events"));
    }

    [Fact]
    public void Query_TwoStatements_Refused()
    {
        using var db = LakeDatabase.Open(lake.Root);

        var ex = Assert.Throws<LakeQueryException>(() => db.Query("SELECT 1; COPY (SELECT 1) TO 'x.csv'", r => r.Read()));

        Assert.Contains("only a SELECT", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_SelectOverTheLake_Runs()
    {
        using var db = LakeDatabase.Open(lake.Root);

        var count = db.Query($"SELECT count(*) FROM read_parquet('{lake.Root}/touchpoints/**/*.parquet')", r => r.Read() ? r.GetInt64(0) : -1);

        Assert.True(count > 0);
    }

    [Fact]
    public void Execute_ConfigurationAfterOpen_Locked()
    {
        using var db = LakeDatabase.Open(lake.Root);

        // Even this process's own code cannot reopen the sandbox once the lake is open.
        var ex = Assert.Throws<LakeQueryException>(() => db.Execute("SET enable_external_access = true"));

        Assert.Contains("locked", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name IN (SELECT content FROM read_text('/etc/hostname'))", "table function")]
    [InlineData("true) UNION SELECT * FROM account_overview WHERE (true", "shape")]
    [InlineData("EXISTS (SELECT 1 FROM duckdb_settings())", "table function")]
    [InlineData("name IN (SELECT table_name FROM information_schema.tables)", "information_schema.tables is not one of the lake's")]
    [InlineData("name IN (SELECT x FROM other.main.t)", "other.main.t is not one of the lake's")]
    [InlineData("true) GROUP BY ALL HAVING (true", "shape")]
    [InlineData("name = 'x' AND (", "Parser Error")]
    public void Validate_WhereThatIsNotAConditionOverTheView_Refused(string where, string why)
    {
        var result = new SegmentOptionsValidator().Validate(null, new SegmentOptions { ["evil"] = new() { Of = "accounts", Where = where } });

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures);
        Assert.StartsWith("Segments:evil:Where is not a condition over account_overview: ", failure, StringComparison.Ordinal);
        Assert.Contains(why, failure, StringComparison.Ordinal);
        Assert.DoesNotContain(Environment.MachineName, failure, StringComparison.Ordinal);
    }

    private static string[] Files(string root) =>
        [.. Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
}
