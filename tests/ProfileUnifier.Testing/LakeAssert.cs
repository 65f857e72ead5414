using ProfileUnifier.Lake.Commit;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Synthetic;
using Xunit;

namespace ProfileUnifier.Testing;

/// <summary>Assertions over a whole lake, read back through its commit log and with DuckDB.</summary>
public static class LakeAssert
{
    /// <summary>
    /// Every generated line is in exactly once: the log's totals match the generator's, each event is one
    /// touchpoint (no event_id twice), each malformed line one rejected row.
    /// </summary>
    public static void ExactlyOnce(string lake, GenerationSummary generated)
    {
        var state = new LakeState();
        foreach (var entry in new CommitLog(lake).ReadAll())
        {
            state.Apply(entry);
        }

        Assert.Equal(new CommitCounts(generated.Lines, generated.Events, generated.Malformed, generated.Redeliveries), state.Totals);
        using var duck = new DuckLake(lake);
        Assert.Equal(generated.Events, duck.Count(TableNames.Touchpoints));
        Assert.Equal(generated.Events, duck.Scalar<long>($"SELECT count(DISTINCT event_id) FROM {duck.Table(TableNames.Touchpoints)}"));
        Assert.Equal(generated.Malformed, duck.Count(TableNames.Rejected));
    }
}
