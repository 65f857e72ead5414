namespace ProfileUnifier.Core.Identity.Snapshot;

/// <summary>
/// A row of lake table <c>employments</c>: a stretch of time a person worked for an account, as their events show.
/// <paramref name="ValidFrom"/> is null for the first stretch and <paramref name="ValidTo"/> for the current one, so
/// the rows of a person cover all time: the account of an event that only their person gives is the row its time
/// falls in. <paramref name="FirstSeen"/>..<paramref name="LastSeen"/> and <paramref name="Events"/> are the account evidence.
/// </summary>
public sealed record EmploymentRow(
    string ProfileId,
    string AccountId,
    DateTime? ValidFrom,
    DateTime? ValidTo,
    DateTime FirstSeen,
    DateTime LastSeen,
    int Events,
    bool IsCurrent);
