using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Groups;
using ProfileUnifier.Lake.Reading;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Synthetic;
using Xunit;

namespace ProfileUnifier.Testing;

/// <summary>Assertions over a whole lake, read back through its Delta logs and, independently, with DuckDB.</summary>
public static class LakeAssert
{
    /// <summary>
    /// Every generated line is in exactly once: the lake's running totals match the generator's, each event is one
    /// touchpoint (no event_id twice), each malformed line one rejected row.
    /// </summary>
    public static void ExactlyOnce(string lake, GenerationSummary generated)
    {
        var version = LakeReader.ReadAsync(lake, CancellationToken.None).GetAwaiter().GetResult();
        var progress = LakeProgress.Of(version[TableNames.Touchpoints]!);
        Assert.Equal(new BatchCounts(generated.Lines, generated.Events, generated.Malformed, generated.Redeliveries), progress.Totals);
        using var duck = new DuckLake(lake);
        Assert.Equal(generated.Events, duck.Count(TableNames.Touchpoints));
        Assert.Equal(generated.Events, duck.Scalar<long>($"SELECT count(DISTINCT event_id) FROM {duck.Table(TableNames.Touchpoints)}"));
        Assert.Equal(generated.Malformed, duck.Count(TableNames.Rejected));
    }
}
