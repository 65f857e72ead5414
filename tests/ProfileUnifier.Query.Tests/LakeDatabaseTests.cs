using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Query.Tests;

[Collection(RankedLakeCollection.Name)]
public sealed class LakeDatabaseTests(RankedLake lake)
{
    [Fact]
    public void Open_MissingFolder_ThrowsDirectoryNotFound()
    {
        var ex = Assert.Throws<DirectoryNotFoundException>(() => LakeDatabase.Open(lake["no-such-lake"]));

        Assert.Contains("no lake at", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_LakeWithNothingCommitted_IsEmptyAndSaysWhyForEachTable()
    {
        using var db = LakeDatabase.Open(lake.EmptyRoot);

        Assert.True(db.IsEmpty);
        Assert.Empty(db.Views);
        var ex = Assert.Throws<LakeQueryException>(() => db.Rows("SELECT count(*) FROM profiles"));
        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
        Assert.Contains("the lake has no profiles yet: nothing has been committed to it", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_RankedLake_RegistersEveryTableAndView()
    {
        using var db = LakeDatabase.Open(lake.Root);

        Assert.False(db.IsEmpty);
        Assert.Equal([.. TableNames.All, .. LakeViews.All.Select(v => v.Name)], db.Views);
        Assert.Empty(db.Unavailable);
    }

    [Fact]
    public async Task Open_LakeNotRanked_RankedViewsSayRunRankFirst()
    {
        using var folder = new TempFolder();
        await LakeBuilder.IngestAsync(folder["lake"], [lake.Events]);
        using var db = LakeDatabase.Open(folder["lake"]);

        Assert.DoesNotContain(LakeViews.AccountOverview, db.Views);
        Assert.Contains(LakeViews.Events, db.Views);
        var ex = Assert.Throws<LakeQueryException>(() => db.Rows("SELECT * FROM account_overview"));
        Assert.Contains("run `profileunifier rank` first", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A file no version names (a writer that crashed before its commit) and files a later version removed (the small
    /// files compaction replaced, until vacuum): a glob of *.parquet counts them, a reader of the Delta log does not.
    /// </summary>
    [Fact]
    public void Touchpoints_FilesNoVersionNames_NotRead()
    {
        using var folder = new TempFolder();
        CopyFolder(lake.Root, folder["lake"]);
        var committed = Directory.EnumerateFiles(folder["lake/touchpoints"], "*.parquet", SearchOption.AllDirectories).First();
        File.Copy(committed, Path.Combine(Path.GetDirectoryName(committed)!, "stray.parquet"));
        using var db = LakeDatabase.Open(folder["lake"]);
        using var duck = new DuckLake(folder["lake"]);

        var viaLog = Convert.ToInt64(db.Rows("SELECT count(*) FROM touchpoints")[0][0], System.Globalization.CultureInfo.InvariantCulture);
        var glob = duck.Scalar<long>($"SELECT count(*) FROM read_parquet('{folder["lake/touchpoints"]}/**/*.parquet')");

        Assert.Equal(lake.Generated.Events, viaLog);
        Assert.Equal(lake.Generated.Events, duck.Count(TableNames.Touchpoints));
        Assert.True(glob > viaLog, $"the glob should see the stray and the compacted-away files ({glob} rows)");
    }

    [Fact]
    public void Events_LakeWrittenInSeveralCommits_AttributesEveryEventToItsProfileAsResolvedNow()
    {
        using var db = LakeDatabase.Open(lake.Root);

        var moved = db.Rows("SELECT count(*) FROM events WHERE profile_id IS DISTINCT FROM profile_id_at_ingest")[0][0];
        // profiles.events is counted by the identity engine's snapshot: an independent path to the same number.
        var mismatches = db.Rows("""
            SELECT coalesce(p.profile_id, e.profile_id), p.events, e.n
            FROM profiles p FULL JOIN (SELECT profile_id, count(*) AS n FROM events WHERE profile_id IS NOT NULL GROUP BY ALL) e
              ON e.profile_id = p.profile_id
            WHERE p.events IS DISTINCT FROM e.n
            """);

        Assert.True(Convert.ToInt64(moved, System.Globalization.CultureInfo.InvariantCulture) > 0, "later commits should have merged some earlier profiles");
        Assert.Empty(mismatches);
    }

    [Fact]
    public void Read_BadSql_ThrowsWithDuckDbsMessage()
    {
        using var db = LakeDatabase.Open(lake.Root);

        var ex = Assert.Throws<LakeQueryException>(() => db.Rows("SELEC * FROM profiles"));

        Assert.Contains("syntax error at or near \"SELEC\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnknownColumn_ThrowsNamingIt()
    {
        using var db = LakeDatabase.Open(lake.Root);

        var ex = Assert.Throws<LakeQueryException>(() => db.Rows("SELECT shoe_size FROM profiles"));

        Assert.Contains("shoe_size", ex.Message, StringComparison.Ordinal);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

    }
}
