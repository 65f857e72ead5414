namespace ProfileUnifier.Core.Events;

/// <summary>One event that passed the contract (schemas/envelope.schema.json).</summary>
public sealed record IncomingEvent
{
    public required string EventId { get; init; }
    public required EventSource Source { get; init; }
    public required string Type { get; init; }

    /// <summary>When it happened, with the offset it was sent with.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    private RawIdentifiers _identifiers = RawIdentifiers.None;

    /// <summary>The identifiers block as it came (<see cref="RawIdentifiers.None"/> once the intake has normalised it).</summary>
    public RawIdentifiers Identifiers { get => _identifiers; init => _identifiers = value; }
    public AccountBlock? Account { get; init; }
    public Traits? Traits { get; init; }
    public EventProperties Properties { get; init; } = EventProperties.None;

    /// <summary>
    /// Lets go of the identifiers as they came, once they are normalised into the event's keys
    /// (<see cref="Validation.EventIntake"/>): an event rides on through the pipeline for thousands of lines after, and its
    /// raw values (a phone as typed, an email in capitals) were carried with it through every young collection.
    /// </summary>
    internal void ForgetRawIdentifiers() => _identifiers = RawIdentifiers.None;

    public bool IsOrder => ReferenceEquals(Type, EventCatalog.OrderCompleted) || Type == EventCatalog.OrderCompleted;
}
