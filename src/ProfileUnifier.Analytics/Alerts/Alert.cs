namespace ProfileUnifier.Analytics.Alerts;

/// <summary>
/// A row of lake table <c>alerts</c>: one episode of a condition, opened on the first as-of day it held and
/// closed on the first as-of day it no longer did. The id is a hash of the condition and its episode number, so
/// the same episode has the same id however often it is computed (the topic's key).
/// </summary>
public sealed record Alert(
    string AlertId,
    AlertKind Kind,
    string? Level,
    string? AccountId,
    string? ProfileId,
    int Episode,
    DateTime OpenedAt,
    DateTime? ClosedAt,
    AlertSeverity Severity,
    string Evidence,
    string Message)
{
    public AlertKey Key => new(Kind, AccountId, ProfileId, Level);

    public bool IsOpen => ClosedAt is null;
}

/// <summary>What a condition is about: two conditions with one key are the same condition.</summary>
public readonly record struct AlertKey(AlertKind Kind, string? AccountId, string? ProfileId, string? Level);

/// <summary>A condition that holds as of the ranking day, with its figures (JSON) and a sentence for a person.</summary>
public sealed record AlertCondition(AlertKey Key, AlertSeverity Severity, string Evidence, string Message);
