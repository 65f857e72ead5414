namespace ProfileUnifier.Core.Identity.Snapshot;

/// <summary>
/// A row of lake table <c>signatures</c>: where events with this set of identifiers belong now. Joining
/// touchpoints on signature_id gives every event its current profile and account. <paramref name="AccountBasis"/>
/// says which evidence gave the account (stated, implied, person); for "person" the person's <c>employments</c>
/// row at the event's time has it when they changed employer (<paramref name="AccountId"/> is the current one).
/// </summary>
public sealed record SignatureRow(string SignatureId, string? ProfileId, string? AccountId, int Events, string? AccountBasis = null);
