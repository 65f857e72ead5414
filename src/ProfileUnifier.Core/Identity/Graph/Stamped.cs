namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>A value with the (ticks, event id) it came with; keeps the greatest stamp offered.</summary>
internal struct Stamped<T>
{
    public T? Value;
    public long Ticks;
    public string? EventId;

    public readonly bool HasValue => EventId is not null;

    public void Offer(T? value, long ticks, string eventId)
    {
        var id = new LazyText(eventId);
        Offer(value, ticks, ref id);
    }

    /// <summary>
    /// <see cref="Offer(T, long, string)"/> for an id that becomes a string only if this keeps it (or a tie needs it):
    /// most values offered are older than the one kept.
    /// </summary>
    public void Offer(T? value, long ticks, ref LazyText eventId)
    {
        if (value is null)
        {
            return;
        }

        if (EventId is null || ticks > Ticks || (ticks == Ticks && string.CompareOrdinal(eventId.Value, EventId) > 0))
        {
            Value = value;
            Ticks = ticks;
            EventId = eventId.Value;
        }
    }

    public void Offer(Stamped<T> other)
    {
        if (other.EventId is not null)
        {
            Offer(other.Value, other.Ticks, other.EventId);
        }
    }
}
