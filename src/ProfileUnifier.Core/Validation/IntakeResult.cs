using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Identity;

namespace ProfileUnifier.Core.Validation;

/// <summary>An input line after parsing and normalisation: an event with its keys, or a rejection.</summary>
public readonly record struct IntakeResult(IncomingEvent? Event, IdentityKeys? Keys, Rejection? Rejection)
{
    public bool IsAccepted => Event is not null;
}
