namespace ProfileUnifier.Analytics.Ranking;

/// <summary>
/// Maps values to scores 1..10 by mid-rank percentile among the values: p = (below + (equal − 1) / 2) / (n − 1),
/// score = 1 + round(9p). Equal values get equal scores; a single value scores 5.5 → 6 (the middle).
/// </summary>
public static class Percentile
{
    public static Dictionary<TKey, int> Scores<TKey>(IReadOnlyDictionary<TKey, double> values)
        where TKey : notnull
    {
        var sorted = values.Values.ToArray();
        Array.Sort(sorted);
        var scores = new Dictionary<TKey, int>(values.Count);
        foreach (var (key, value) in values)
        {
            scores[key] = Score(sorted, value);
        }

        return scores;
    }

    public static int Score(double[] sorted, double value)
    {
        if (sorted.Length <= 1)
        {
            return 6;
        }

        var below = LowerBound(sorted, value);
        var equal = LowerBound(sorted, Math.BitIncrement(value)) - below;
        var p = (below + ((equal - 1) / 2.0)) / (sorted.Length - 1);
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
