namespace ProfileUnifier.Analytics.Ranking;

/// <summary>
/// Maps values to scores 1..10 by mid-rank percentile among the values: p = (below + (equal − 1) / 2) / (n − 1),
/// score = 1 + round(9p). Equal values get equal scores; a single value scores 5.5 → 6 (the middle).
/// </summary>
public static class Percentile
{
    /// <summary>
    /// The score of each value among all of them, in their order: <see cref="Score"/> of each, from one sort (the values
    /// sorted with their places, each run of equal values scored once) rather than two searches a value.
    /// </summary>
    public static int[] Scores(ReadOnlySpan<double> values)
    {
        var n = values.Length;
        var sorted = values.ToArray();
        var places = new int[n];
        for (var i = 0; i < n; i++)
        {
            places[i] = i;
        }

        Array.Sort(sorted, places);
        var scores = new int[n];
        if (n > 0 && double.IsNaN(sorted[0]))
        {
            // NaNs (sorted first) are below and above nothing, and Score's searches go as they go over them: its scores.
            for (var i = 0; i < n; i++)
            {
                scores[places[i]] = Score(sorted, sorted[i]);
            }

            return scores;
        }

        for (var start = 0; start < n;)
        {
            if (double.IsPositiveInfinity(sorted[start]))
            {
                // Score's search finds nothing above it to count it equal by: scored as Score scores it.
                scores[places[start]] = Score(sorted, sorted[start]);
                start++;
                continue;
            }

            var end = start + 1;
            while (end < n && sorted[end] == sorted[start])
            {
                end++;
            }

            var score = ScoreOf(start, end - start, n);
            for (var i = start; i < end; i++)
            {
                scores[places[i]] = score;
            }

            start = end;
        }

        return scores;
    }

    public static int Score(double[] sorted, double value)
    {
        var below = LowerBound(sorted, value);
        return ScoreOf(below, LowerBound(sorted, Math.BitIncrement(value)) - below, sorted.Length);
    }

    private static int ScoreOf(int below, int equal, int count)
    {
        if (count <= 1)
        {
            return 6;
        }

        var p = (below + ((equal - 1) / 2.0)) / (count - 1);
        return 1 + (int)Math.Round(9 * p, MidpointRounding.AwayFromZero);
    }

    private static int LowerBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
