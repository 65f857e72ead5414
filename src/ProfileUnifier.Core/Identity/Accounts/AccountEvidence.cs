namespace ProfileUnifier.Core.Identity.Accounts;

/// <summary>
/// What a person's events say about one account: how much (stated keys weigh 3, implied ones 1), and when.
/// One per person in the common case, so kept small (32 bytes).
/// </summary>
internal struct AccountEvidence(int account)
{
    public readonly int Account = account;
    public int Weight;
    public int Events;

    /// <summary>The signature of the earliest evidence (ties to the smaller signature hash: never arrival order).</summary>
    public int FirstSignature = -1;
    public long First = long.MaxValue;
    public long Last = long.MinValue;

    public void Add(int events, int weight, long first, long last, int signature, Graph.SignatureTable signatures)
    {
        Weight += events * weight;
        Events += events;
        if (first < First || (first == First && signatures.Hash[signature] < signatures.Hash[FirstSignature]))
        {
            First = first;
            FirstSignature = signature;
        }

        Last = Math.Max(Last, last);
    }
}
