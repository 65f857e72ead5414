using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ProfileUnifier.Analytics.Ranking;

namespace ProfileUnifier.Analytics.Tests;

public sealed class PercentileTests
{
    // Few values, so that most draws have ties; signed zeros (equal, not identical), an infinity and NaN among them.
    private static readonly double[] Pool = [-2.5, -0.0, 0.0, 0.1, 0.25, 1, 7, 1e300, double.PositiveInfinity, double.NaN];

    [Fact]
    public void Scores_TiedValues_ShareTheirMidRank()
    {
        Assert.Equal([1, 6, 6, 10], Percentile.Scores([10, 20, 20, 30]));
        Assert.Equal([10, 1, 6, 6], Percentile.Scores([30, 10, 20, 20]));
        Assert.Equal([6], Percentile.Scores([42]));
        Assert.Empty(Percentile.Scores([]));
    }

    /// <summary>
    /// Scoring many values at once (one sort, runs of equal values) gives each value the score <see cref="Percentile.Score"/>
    /// gives it among them (two searches), whatever the order, the ties and the odd values.
    /// </summary>
    [Property(MaxTest = 300)]
    public Property Scores_AnyValues_EachTheScoreOfThatValueAmongThem(NonNegativeInt[] picks)
    {
        var values = picks.Select(p => Pool[p.Get % Pool.Length]).ToArray();
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var expected = values.Select(v => Percentile.Score(sorted, v)).ToArray();
        var scores = Percentile.Scores(values);
        return scores.SequenceEqual(expected).Label($"values [{string.Join(", ", values)}]: [{string.Join(", ", scores)}], expected [{string.Join(", ", expected)}]");
    }
}
