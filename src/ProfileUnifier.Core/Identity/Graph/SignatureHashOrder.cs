namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>
/// The signatures in the order of their hashes, with the hashes, kept from one snapshot to the next: a hash never changes
/// and signatures are only added, so each call sorts the ones added since and merges them in. Sorting all of them took
/// ~11 ms of each snapshot refresh of a 10M-event lake's 160k signatures, on the refresh's critical path.
/// </summary>
internal sealed class SignatureHashOrder
{
    private int[] _order = [];
    private UInt128[] _hashes = [];

    /// <summary>Forgets the order (the table was read anew).</summary>
    public void Reset() => (_order, _hashes) = ([], []);

    /// <summary>
    /// The first <paramref name="count"/> signatures by their hash in <paramref name="hash"/>, and the hashes in that order.
    /// The arrays are not changed afterwards (a later call with more signatures makes new ones).
    /// </summary>
    public (int[] Order, UInt128[] Hashes) Of(Column<UInt128> hash, int count)
    {
        var known = _order.Length;
        if (count == known)
        {
            return (_order, _hashes);
        }

        if (count < known)
        {
            known = 0;
        }

        var added = count - known;
        var newOrder = new int[added];
        var newHashes = new UInt128[added];
        for (var i = 0; i < added; i++)
        {
            newOrder[i] = known + i;
            newHashes[i] = hash[known + i];
        }

        newHashes.AsSpan().Sort(newOrder.AsSpan());
        if (known == 0)
        {
            return (_order, _hashes) = (newOrder, newHashes);
        }

        var order = new int[count];
        var hashes = new UInt128[count];
        int a = 0, b = 0, k = 0;
        while (a < known && b < added)
        {
            if (_hashes[a] < newHashes[b])
            {
                (order[k], hashes[k]) = (_order[a], _hashes[a]);
                a++;
            }
            else
            {
                (order[k], hashes[k]) = (newOrder[b], newHashes[b]);
                b++;
            }

            k++;
        }

        _order.AsSpan(a, known - a).CopyTo(order.AsSpan(k));
        _hashes.AsSpan(a, known - a).CopyTo(hashes.AsSpan(k));
        k += known - a;
        newOrder.AsSpan(b).CopyTo(order.AsSpan(k));
        newHashes.AsSpan(b).CopyTo(hashes.AsSpan(k));
        return (_order, _hashes) = (order, hashes);
    }
}
