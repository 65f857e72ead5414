using ProfileUnifier.Core.Identity.Snapshot;
using ProfileUnifier.Lake.Commit;

namespace ProfileUnifier.Lake.Tables;

/// <summary>Stages the snapshot tables of an identity snapshot: each replaces its table's one file.</summary>
public static class SnapshotTables
{
    public static async Task StageAsync(LakeTransaction txn, IdentitySnapshot snapshot, CancellationToken ct)
    {
        var identities = new IdentitiesRows();
        identities.AddRange(snapshot.Identities);
        var profiles = new ProfilesRows();
        profiles.AddRange(snapshot.Profiles);
        var accounts = new AccountsRows();
        accounts.AddRange(snapshot.Accounts);
        var signatures = new SignaturesRows();
        signatures.AddRange(snapshot.Signatures);
        await txn.StageManyAsync(TableNames.Identities, [(LakePaths.SnapshotFile(TableNames.Identities), identities.All)], ct);
        await txn.StageManyAsync(TableNames.Profiles, [(LakePaths.SnapshotFile(TableNames.Profiles), profiles.All)], ct);
        await txn.StageManyAsync(TableNames.Accounts, [(LakePaths.SnapshotFile(TableNames.Accounts), accounts.All)], ct);
        await txn.StageManyAsync(TableNames.Signatures, [(LakePaths.SnapshotFile(TableNames.Signatures), signatures.All)], ct);
    }
}
