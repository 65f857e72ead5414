namespace ProfileUnifier.Core.Identity.Snapshot;

/// <summary>
/// A row of lake table <c>signatures</c>: where events with this set of identifiers belong now. Joining
/// touchpoints on signature_id gives every event its current profile and account.
/// </summary>
public sealed record SignatureRow(string SignatureId, string? ProfileId, string? AccountId, int Events);
