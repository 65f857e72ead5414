namespace ProfileUnifier.Core.Archive;

/// <summary>
/// The state of a merge of sorted runs (<see cref="SortedRuns"/>): each run's position and the record there, compared as
/// values held here rather than read through each run's memory at every step. A run's stretch below every other run's
/// head is copied in one go; a key in several runs is folded with <paramref name="keep"/>, in run order. The order is a
/// type argument so that a struct order (<see cref="NaturalOrder{T}"/>) is compiled into the loop.
/// </summary>
internal sealed class RunMerge<T, TOrder>(ReadOnlyMemory<T>[] runs, TOrder byKey, Func<T, T, T> keep)
    where TOrder : IComparer<T>
{
    private readonly int[] _positions = new int[runs.Length];
    private readonly T[] _heads = [.. runs.Select(r => r.Span[0])];
    private int _live = runs.Length;

    /// <summary>The next records into <paramref name="block"/>; how many (0: all given).</summary>
    public int Fill(Span<T> block)
    {
        var filled = 0;
        while (filled < block.Length && _live > 0)
        {
            // The run with the smallest head (the first such), and the one with the next smallest: its head bounds what the first gives now.
            int min = -1, next = -1;
            for (var r = 0; r < runs.Length; r++)
            {
                if (_positions[r] == runs[r].Length)
                {
                    continue;
                }

                if (min < 0 || byKey.Compare(_heads[r], _heads[min]) < 0)
                {
                    (next, min) = (min, r);
                }
                else if (next < 0 || byKey.Compare(_heads[r], _heads[next]) < 0)
                {
                    next = r;
                }
            }

            if (next >= 0 && byKey.Compare(_heads[min], _heads[next]) == 0)
            {
                block[filled++] = Fold(min);
                continue;
            }

            var source = runs[min].Span;
            var start = _positions[min];
            var end = start + 1;
            var limit = Math.Min(source.Length, start + block.Length - filled);
            if (next >= 0)
            {
                while (end < limit && byKey.Compare(source[end], _heads[next]) < 0)
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
            MoveTo(min, end, source);
        }

        return filled;
    }

    /// <summary>The head of run <paramref name="first"/> and every later run's head of the same key, kept as one; each run moves past it.</summary>
    private T Fold(int first)
    {
        var kept = _heads[first];
        MoveTo(first, _positions[first] + 1, runs[first].Span);
        for (var r = first + 1; r < runs.Length; r++)
        {
            if (_positions[r] < runs[r].Length && byKey.Compare(_heads[r], kept) == 0)
            {
                kept = keep(kept, _heads[r]);
                MoveTo(r, _positions[r] + 1, runs[r].Span);
            }
        }

        return kept;
    }

    private void MoveTo(int run, int position, ReadOnlySpan<T> source)
    {
        _positions[run] = position;
        if (position < source.Length)
        {
            _heads[run] = source[position];
        }
        else
        {
            _live--;
        }
    }
}

/// <summary>A type's own order, as a struct: compiled into <see cref="RunMerge{T, TOrder}"/>'s loop, not called through an interface.</summary>
internal readonly struct NaturalOrder<T> : IComparer<T>
    where T : IComparable<T>
{
    public int Compare(T? x, T? y) => x!.CompareTo(y);
}
