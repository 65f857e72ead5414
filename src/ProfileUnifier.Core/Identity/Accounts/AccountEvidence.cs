namespace ProfileUnifier.Core.Identity.Accounts;

/// <summary>What a person's events say about one account: how much (stated keys weigh 3, implied ones 1), and when.</summary>
internal struct AccountEvidence(int account)
{
    public readonly int Account = account;
    public long Weight;
    public int Events;
    public long First = long.MaxValue;
    public long Last = long.MinValue;

    /// <summary>The signature of the earliest evidence (ties to the smaller signature hash: never arrival order).</summary>
    public int FirstSignature = -1;
    private UInt128 _firstHash;

    public void Add(int events, int weight, long first, long last, int signature, UInt128 hash)
    {
        Weight += (long)events * weight;
        Events += events;
        if (first < First || (first == First && hash < _firstHash))
        {
            First = first;
            FirstSignature = signature;
            _firstHash = hash;
        }

        Last = Math.Max(Last, last);
    }
}
