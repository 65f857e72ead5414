using System.Diagnostics.CodeAnalysis;
using ProfileUnifier.Core.Text;

namespace ProfileUnifier.Core.Events;

/// <summary>One event that passed the contract (schemas/envelope.schema.json).</summary>
public sealed record IncomingEvent
{
    private Utf8Text _eventId;

    public IncomingEvent()
    {
    }

    /// <summary>An event as the parser reads it, its id kept as UTF-8.</summary>
    [SetsRequiredMembers]
#pragma warning disable CS8618 // EventId is not a field: it reads _eventId, set here.
    internal IncomingEvent(Utf8Text eventId, EventSource source, string type, DateTimeOffset occurredAt) =>
        (_eventId, Source, Type, OccurredAt) = (eventId, source, type, occurredAt);
#pragma warning restore CS8618

    /// <summary>The id, as a string made on each call (the pipeline reads <see cref="EventIdUtf8"/>).</summary>
    public required string EventId { get => _eventId.ToString()!; init => _eventId = Utf8Text.From(value); }

    /// <summary>
    /// The id as it came on the line: written to the touchpoints and hashed for the redelivery filter as is. As a string it
    /// was decoded from the line's UTF-8 and encoded back twice, and an object of 96 bytes per event.
    /// </summary>
    public Utf8Text EventIdUtf8 => _eventId;
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
