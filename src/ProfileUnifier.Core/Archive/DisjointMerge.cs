namespace ProfileUnifier.Core.Archive;

/// <summary>
/// The state of <see cref="SortedRuns.MergeDisjoint{T}(IReadOnlyList{ReadOnlyMemory{T}})"/>: each run's position and the
/// record there. The heads are compared as values held here, not read through each run's memory at every step.
/// </summary>
internal sealed class DisjointMerge<T>(ReadOnlyMemory<T>[] runs)
    where T : IComparable<T>
{
    private readonly int[] _positions = new int[runs.Length];
    private readonly T[] _heads = [.. runs.Select(r => r.Span[0])];
    private int _live = runs.Length;

    /// <summary>The next records into <paramref name="block"/>; how many (0: all given).</summary>
    /// <exception cref="InvalidOperationException">Two runs hold the same key.</exception>
    public int Fill(Span<T> block)
    {
        var filled = 0;
        while (filled < block.Length && _live > 0)
        {
            // The run with the smallest head, and the one with the next smallest: its head bounds what the first gives now.
            int min = -1, next = -1;
            for (var r = 0; r < runs.Length; r++)
            {
                if (_positions[r] == runs[r].Length)
                {
                    continue;
                }

                if (min < 0 || _heads[r].CompareTo(_heads[min]) < 0)
                {
                    (next, min) = (min, r);
                }
                else if (next < 0 || _heads[r].CompareTo(_heads[next]) < 0)
                {
                    next = r;
                }
            }

            var source = runs[min].Span;
            var start = _positions[min];
            var end = start + 1;
            var limit = Math.Min(source.Length, start + block.Length - filled);
            if (next >= 0)
            {
                if (_heads[min].CompareTo(_heads[next]) == 0)
                {
                    throw new InvalidOperationException($"runs {min} and {next} both hold the key {_heads[min]}: they are not disjoint");
                }

                while (end < limit && source[end].CompareTo(_heads[next]) < 0)
                {
                    end++;
                }
            }
            else
            {
                end = limit;
            }

            source[start..end].CopyTo(block[filled..]);
            filled += end - start;
            _positions[min] = end;
            if (end < source.Length)
            {
                _heads[min] = source[end];
            }
            else
            {
                _live--;
            }
        }

        return filled;
    }
}
