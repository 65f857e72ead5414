namespace ProfileUnifier.Core.Identity;

/// <summary>
/// A person's move from one account to another (lake table <c>job_changes</c>): their account evidence at
/// <paramref name="FromAccountId"/> ends at <paramref name="LastSeenAtOld"/>, and at <paramref name="ToAccountId"/>
/// starts at <paramref name="FirstSeenAtNew"/>. <paramref name="EventId"/> is the event that showed the move: the
/// first one at the new account when it came in the batch that showed it, else the event that linked the two
/// halves of the person; null when a change of rules showed it.
/// </summary>
public sealed record JobChange(
    string ProfileId,
    string FromAccountId,
    string ToAccountId,
    DateTimeOffset FirstSeenAtNew,
    DateTimeOffset LastSeenAtOld,
    string? EventId);
