using ProfileUnifier.Core.Identity.Snapshot;
using ProfileUnifier.Lake.Commit;

namespace ProfileUnifier.Lake.Tables;

/// <summary>Stages the snapshot tables of an identity snapshot: each replaces its table's one file.</summary>
public static class SnapshotTables
{
    public static Task StageAsync(LakeTransaction txn, IdentitySnapshot snapshot, CancellationToken ct) =>
        txn.StageManyAsync(Files(snapshot), ct);

    /// <summary>The snapshot's files, to stage together with the rest of a transaction (they are encoded in parallel).</summary>
    public static IReadOnlyList<(string Table, string RelativePath, TableSlice Rows)> Files(IdentitySnapshot snapshot)
    {
        var identities = new IdentitiesRows();
        identities.AddRange(snapshot.Identities);
        var profiles = new ProfilesRows();
        profiles.AddRange(snapshot.Profiles);
        var accounts = new AccountsRows();
        accounts.AddRange(snapshot.Accounts);
        var signatures = new SignaturesRows();
        signatures.AddRange(snapshot.Signatures);
        var employments = new EmploymentsRows();
        employments.AddRange(snapshot.Employments);
        var overrides = new IdentityOverridesRows();
        overrides.AddRange(snapshot.Overrides);
        return
        [
            (TableNames.Identities, LakePaths.SnapshotFile(TableNames.Identities), identities.All),
            (TableNames.Profiles, LakePaths.SnapshotFile(TableNames.Profiles), profiles.All),
            (TableNames.Accounts, LakePaths.SnapshotFile(TableNames.Accounts), accounts.All),
            (TableNames.Signatures, LakePaths.SnapshotFile(TableNames.Signatures), signatures.All),
            (TableNames.Employments, LakePaths.SnapshotFile(TableNames.Employments), employments.All),
            (TableNames.IdentityOverrides, LakePaths.SnapshotFile(TableNames.IdentityOverrides), overrides.All),
        ];
    }
}
