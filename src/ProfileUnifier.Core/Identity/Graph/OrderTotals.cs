namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>
/// The archived orders (each order's report that counts, over all runs) by signature: their count and exact sum, and each
/// order's time and amount, read for the signatures whose account depends on when the order was placed (a person's
/// employer of the time; which ones those are changes with resolves, so every order's are kept). Revenue per account
/// then costs a pass over signatures, not a merge of every run: the runs hold every order ever reported (443k in a
/// 10M-event lake, 26-185 ms a snapshot build), the signatures far fewer. Kept up by <see cref="OrderBook.Archived"/>
/// with the reports taken since, so it is made once per process.
/// </summary>
internal sealed class OrderTotals
{
    // By signature: the first of its orders in _ticks/_amounts (one more than the signatures: the end of the last).
    private readonly int[] _start;
    private readonly long[] _ticks;
    private readonly double[] _amounts;
    private readonly decimal[] _sums;

    private OrderTotals(int[] start, long[] ticks, double[] amounts, decimal[] sums)
    {
        (_start, _ticks, _amounts, _sums) = (start, ticks, amounts, sums);
    }

    /// <summary>Signatures with a slot here (any later one has no archived orders).</summary>
    public int Signatures => _start.Length - 1;

    public int Count(int sig) => sig < Signatures ? _start[sig + 1] - _start[sig] : 0;

    /// <summary>The exact sum of the signature's amounts, each as <see cref="decimal"/>.</summary>
    public decimal Sum(int sig) => sig < Signatures ? _sums[sig] : 0m;

    public ReadOnlySpan<long> Ticks(int sig) => sig < Signatures ? _ticks.AsSpan(_start[sig], Count(sig)) : [];

    public ReadOnlySpan<double> Amounts(int sig) => sig < Signatures ? _amounts.AsSpan(_start[sig], Count(sig)) : [];

    public long ApproximateBytes() => (_start.Length * 20L) + (_ticks.Length * 16L);

    /// <summary>The totals of <paramref name="orders"/>, each order once.</summary>
    public static OrderTotals Of(IEnumerable<OrderRecord> orders)
    {
        // One pass keeping each order's signature, time and amount (not its 64-byte record), then placed by signature.
        var taken = new List<(int Sig, long Ticks, double Amount)>();
        var signatures = 0;
        foreach (var o in orders)
        {
            taken.Add((o.Signature, o.Ticks, o.Amount));
            signatures = Math.Max(signatures, o.Signature + 1);
        }

        var start = new int[signatures + 1];
        foreach (var (sig, _, _) in taken)
        {
            start[sig + 1]++;
        }

        for (var sig = 0; sig < signatures; sig++)
        {
            start[sig + 1] += start[sig];
        }

        var ticks = new long[taken.Count];
        var amounts = new double[taken.Count];
        var sums = new decimal[signatures];
        var next = (int[])start.Clone();
        foreach (var (sig, at, amount) in taken)
        {
            (ticks[next[sig]], amounts[next[sig]]) = (at, amount);
            next[sig]++;
            sums[sig] += (decimal)amount;
        }

        return new OrderTotals(start, ticks, amounts, sums);
    }

    /// <summary>
    /// These totals with <paramref name="removed"/> taken out and <paramref name="added"/> put in (one pass: the
    /// orders stay grouped by signature). A removed order is one of these (its report replaced by a preferred one).
    /// </summary>
    public OrderTotals With(IReadOnlyCollection<OrderRecord> added, IReadOnlyCollection<OrderRecord> removed)
    {
        var signatures = Math.Max(Signatures, added.Count == 0 ? 0 : added.Max(o => o.Signature) + 1);
        var counts = new int[signatures + 1];
        for (var sig = 0; sig < Signatures; sig++)
        {
            counts[sig] = Count(sig);
        }

        var sums = new decimal[signatures];
        _sums.CopyTo(sums, 0);
        foreach (var o in added)
        {
            counts[o.Signature]++;
            sums[o.Signature] += (decimal)o.Amount;
        }

        foreach (var o in removed)
        {
            counts[o.Signature]--;
            sums[o.Signature] -= (decimal)o.Amount;
        }

        var start = new int[signatures + 1];
        for (var sig = 0; sig < signatures; sig++)
        {
            start[sig + 1] = start[sig] + counts[sig];
        }

        var ticks = new long[start[signatures]];
        var amounts = new double[ticks.Length];
        var gone = removed.ToLookup(o => o.Signature);
        var next = (int[])start.Clone();
        for (var sig = 0; sig < Signatures; sig++)
        {
            var t = Ticks(sig);
            var a = Amounts(sig);
            if (!gone.Contains(sig))
            {
                t.CopyTo(ticks.AsSpan(next[sig]));
                a.CopyTo(amounts.AsSpan(next[sig]));
                next[sig] += t.Length;
                continue;
            }

            var skip = gone[sig].Select(o => (o.Ticks, o.Amount)).ToList();
            for (var i = 0; i < t.Length; i++)
            {
                // Two orders of the same signature, time and amount count alike: taking out either is the same.
                if (skip.Remove((t[i], a[i])))
                {
                    continue;
                }

                (ticks[next[sig]], amounts[next[sig]]) = (t[i], a[i]);
                next[sig]++;
            }

            if (skip.Count > 0)
            {
                throw new InvalidOperationException($"an order to take out of signature {sig} is not in the totals");
            }
        }

        foreach (var o in added)
        {
            (ticks[next[o.Signature]], amounts[next[o.Signature]]) = (o.Ticks, o.Amount);
            next[o.Signature]++;
        }

        return new OrderTotals(start, ticks, amounts, sums);
    }
}
