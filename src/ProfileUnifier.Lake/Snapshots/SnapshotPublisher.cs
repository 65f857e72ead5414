using ProfileUnifier.Core.Identity.Snapshot;
using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Lake.Snapshots;

/// <summary>
/// Publishes the identity engine's state to the four snapshot tables (identities, profiles, accounts,
/// signatures), each by copy-on-write of its changed buckets. Each table commits on its own, marked with the
/// batch it reflects; a crash between two leaves each table whole, the next refresh brings them level.
/// </summary>
public sealed class SnapshotPublisher
{
    private readonly SnapshotTableWriter _identities;
    private readonly SnapshotTableWriter _profiles;
    private readonly SnapshotTableWriter _accounts;
    private readonly SnapshotTableWriter _signatures;

    private SnapshotPublisher(LakeContext lake, DeltaTable identities, DeltaTable profiles, DeltaTable accounts, DeltaTable signatures)
    {
        _identities = new SnapshotTableWriter(identities, lake.Options, lake.Fs);
        _profiles = new SnapshotTableWriter(profiles, lake.Options, lake.Fs);
        _accounts = new SnapshotTableWriter(accounts, lake.Options, lake.Fs);
        _signatures = new SnapshotTableWriter(signatures, lake.Options, lake.Fs);
    }

    public static async Task<SnapshotPublisher> OpenAsync(LakeContext lake, CancellationToken ct) => new(lake,
        await lake.OpenTableAsync(TableNames.Identities, ct), await lake.OpenTableAsync(TableNames.Profiles, ct),
        await lake.OpenTableAsync(TableNames.Accounts, ct), await lake.OpenTableAsync(TableNames.Signatures, ct));

    /// <summary>The oldest batch any of the tables reflects (0: never published).</summary>
    public long Batch => new[] { _identities, _profiles, _accounts, _signatures }.Min(w => w.Batch);

    public async Task<IReadOnlyList<SnapshotRefresh>> PublishAsync(IdentitySnapshot snapshot, long batch, CancellationToken ct) =>
    [
        await _identities.RefreshAsync(snapshot.Identities, r => $"{r.IdentifierType}\u0000{r.IdentifierValue}", () => new IdentitiesRows(),
            (b, rows) => ((IdentitiesRows)b).AddRange(rows), batch, ct),
        await _profiles.RefreshAsync(snapshot.Profiles, r => r.ProfileId, () => new ProfilesRows(),
            (b, rows) => ((ProfilesRows)b).AddRange(rows), batch, ct),
        await _accounts.RefreshAsync(snapshot.Accounts, r => r.AccountId, () => new AccountsRows(),
            (b, rows) => ((AccountsRows)b).AddRange(rows), batch, ct),
        await _signatures.RefreshAsync(snapshot.Signatures, r => r.SignatureId, () => new SignaturesRows(),
            (b, rows) => ((SignaturesRows)b).AddRange(rows), batch, ct),
    ];
}
