namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>
/// A trait's value (an index into <see cref="TraitsTable"/>'s string pool, 0 for none) with the (ticks, event id hash)
/// it came with. Unmanaged, so a checkpoint holds the traits of every signature as raw bytes.
/// </summary>
internal struct TraitStamp
{
    public UInt128 Tie;
    public long Ticks;
    public int Value;

    /// <summary>Keeps the greatest (ticks, tie) offered: a total order, so the winner does not depend on arrival order.</summary>
    public void Offer(int value, long ticks, UInt128 tie)
    {
        if (value != 0 && (Value == 0 || ticks > Ticks || (ticks == Ticks && tie > Tie)))
        {
            (Value, Ticks, Tie) = (value, ticks, tie);
        }
    }

    public void Offer(in TraitStamp other) => Offer(other.Value, other.Ticks, other.Tie);
}
