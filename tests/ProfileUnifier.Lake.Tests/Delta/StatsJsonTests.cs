using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Parquet;

namespace ProfileUnifier.Lake.Tests.Delta;

/// <summary>Stats of files merged as compaction copies their row groups: what the rows written again as one file would get.</summary>
public sealed class StatsJsonTests
{
    [Fact]
    public void Merge_StatsOfConsecutiveRows_EqualStatsOfAllRows()
    {
        var account = new StringColumn("account_id");
        var email = new StringColumn("email");
        var count = new NullableInt64Column("count");
        var share = new NullableDoubleColumn("share");
        var at = new TimestampColumn("at");
        var day = new DateColumn("day");
        ColumnBuffer[] columns = [account, email, count, share, at, day];
        var start = new DateTime(2026, 11, 20, 7, 16, 0, DateTimeKind.Utc);
        for (var row = 0; row < 30; row++)
        {
            // The last part has a maximum too long to keep; the first has no counts at all (no bound, not an unknown one).
            account.Add(row == 25 ? new string('z', StatsJson.MaxStringLength + 6) : $"A-{row % 7}");
            email.Add($"user{row}@example.com");
            count.Add(row < 10 ? null : 100 - row);
            share.Add(row % 4 == 0 ? null : row / 8.0);
            at.Add(start.AddMinutes(-row * 13).AddTicks(row * 1234));
            day.Add(row % 5 == 0 ? null : DateOnly.FromDateTime(start).AddDays(row % 9 - 4));
        }

        var parts = new[] { (0, 10), (10, 12), (22, 8) }.Select(p => (string?)StatsJson.Of(columns, p.Item1, p.Item2)).ToList();

        Assert.Equal(StatsJson.Of(columns, 0, 30), StatsJson.Merge(parts));
    }

    [Fact]
    public void Merge_OneFileWithoutStats_Unknown()
    {
        var id = new NullableInt64Column("id");
        id.Add(1);

        Assert.Null(StatsJson.Merge([StatsJson.Of([id], 0, 1), null]));
    }
}
