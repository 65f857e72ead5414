namespace ProfileUnifier.Core.Events;

/// <summary>One event that passed the contract (schemas/envelope.schema.json).</summary>
public sealed record IncomingEvent
{
    public required string EventId { get; init; }
    public required EventSource Source { get; init; }
    public required string Type { get; init; }

    /// <summary>When it happened, with the offset it was sent with.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    public RawIdentifiers Identifiers { get; init; } = RawIdentifiers.None;
    public AccountBlock? Account { get; init; }
    public Traits? Traits { get; init; }
    public EventProperties Properties { get; init; } = EventProperties.None;

    public bool IsOrder => ReferenceEquals(Type, EventCatalog.OrderCompleted) || Type == EventCatalog.OrderCompleted;
}
