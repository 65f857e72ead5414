using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Tests;

/// <summary>
/// Job changes as users meet them on a generated lake ingested in several commits: logged once in job_changes,
/// the moved-to-new-company segment, rank's contact_left (each recomputed in SQL over the lake's tables).
/// </summary>
[Collection(RankedLakeCollection.Name)]
public sealed class JobChangeVerbTests(RankedLake lake)
{
    [Fact]
    public void Ingest_GeneratedMovers_EachCurrentMoveLoggedOnceInJobChanges()
    {
        using var duck = new DuckLake(lake.Root);
        var moves = duck.Count(TableNames.Employments, "valid_from IS NOT NULL");

        Assert.True(moves > 0, "the generated data set has people who change employer");
        // Every move the employments show was logged, once, whatever commit showed it first.
        Assert.Equal(0, duck.Scalar<long>($"""
            SELECT count(*) FROM {duck.Table(TableNames.Employments)} m
            WHERE m.valid_from IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM {duck.Table(TableNames.JobChanges)} j WHERE j.profile_id = m.profile_id AND j.to_account_id = m.account_id)
            """));
        Assert.Equal(0, duck.Scalar<long>($"SELECT count(*) FROM (SELECT profile_id, from_account_id, to_account_id FROM {duck.Table(TableNames.JobChanges)} GROUP BY ALL HAVING count(*) > 1)"));
    }

    [Fact]
    public async Task Segment_MovedToNewCompany_ThePeopleWithAPreviousAccount()
    {
        var result = await Cli.RunAsync("segment", "moved-to-new-company", "--lake", lake.Root, "--format", "csv");

        Assert.True(result.Exit == 0, result.Error);
        using var duck = new DuckLake(lake.Root);
        var expected = duck.Count(TableNames.Profiles, "previous_account_id IS NOT NULL");
        Assert.True(expected > 0);
        Assert.Equal(expected, result.Out.ReplaceLineEndings("\n").Trim().Split('\n').Length - 1);
    }

    [Fact]
    public void Rank_ContactLeft_TheAccountsAKeyPersonLeftInTheLast180Days()
    {
        using var duck = new DuckLake(lake.Root);
        var end = lake.Ranking.Portfolio.AsOf.AddDays(1).ToDateTime(TimeOnly.MinValue);
        var expected = duck.Rows($"""
                SELECT m.account_id, m.valid_to FROM {duck.Table(TableNames.Employments)} m JOIN {duck.Table(TableNames.Profiles)} p USING (profile_id)
                WHERE m.valid_to IS NOT NULL AND p.role IN ('decision_maker', 'influencer')
                """)
            .Where(r => (DateTime)r[1]! >= end.AddDays(-180) && (DateTime)r[1]! < end)
            .Select(r => (string)r[0]!).Distinct().Order(StringComparer.Ordinal).ToList();

        Assert.NotEmpty(expected);
        Assert.Equal(expected, lake.Ranking.Accounts.Where(a => a.RiskFlags.Contains(ProfileUnifier.Analytics.Ranking.RiskFlag.ContactLeft)).Select(a => a.AccountId).Order(StringComparer.Ordinal));
    }
}
