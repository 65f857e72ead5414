using ProfileUnifier.Core.Events;

namespace ProfileUnifier.Core.Validation;

/// <summary>Either an event or the reason the line is not one.</summary>
public readonly record struct ParseResult(IncomingEvent? Event, Rejection? Rejection)
{
    public bool IsAccepted => Event is not null;

    public static ParseResult Accept(IncomingEvent e) => new(e, null);

    public static ParseResult Reject(RejectionCode code, string field, string message) =>
        new(null, new Rejection(code, field, message));
}
