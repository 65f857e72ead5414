namespace ProfileUnifier.Core.Identity.Snapshot;

/// <summary>The engine's state as the lake's snapshot tables hold it.</summary>
public sealed record IdentitySnapshot(
    IReadOnlyList<IdentityRow> Identities,
    IReadOnlyList<ProfileRow> Profiles,
    IReadOnlyList<AccountRow> Accounts,
    IReadOnlyList<SignatureRow> Signatures,
    IReadOnlyList<EmploymentRow> Employments,
    IReadOnlyList<Overrides.OverrideRule> Overrides);
