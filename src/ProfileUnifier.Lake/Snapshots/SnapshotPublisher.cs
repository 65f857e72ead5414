using ProfileUnifier.Core.Identity.Snapshot;
using ProfileUnifier.Core.Privacy;
using ProfileUnifier.Lake.Privacy;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Lake.Snapshots;

/// <summary>
/// Publishes the identity engine's state to the snapshot tables (identities, profiles, accounts, signatures,
/// employments, identity_overrides), each by copy-on-write of its changed buckets. Each table commits on its own,
/// marked with the batch it reflects; a crash between two leaves each table whole, the next refresh brings them level.
/// </summary>
public sealed class SnapshotPublisher
{
    /// <summary>The tables (<see cref="TableNames.IdentitySnapshots"/>).</summary>
    public static IReadOnlyList<string> Tables => TableNames.IdentitySnapshots;

    private readonly Dictionary<string, SnapshotTableWriter> _writers;
    private readonly IdentifierVault? _vault;

    private SnapshotPublisher(Dictionary<string, SnapshotTableWriter> writers, IdentifierVault? vault)
    {
        _writers = writers;
        _vault = vault;
    }

    /// <param name="vault">Set in a pseudonymised lake: the tables get tokens (<see cref="SnapshotPseudonyms"/>).</param>
    public static async Task<SnapshotPublisher> OpenAsync(LakeContext lake, CancellationToken ct, IdentifierVault? vault = null)
    {
        var writers = new Dictionary<string, SnapshotTableWriter>(StringComparer.Ordinal);
        foreach (var table in Tables)
        {
            writers[table] = new SnapshotTableWriter(await lake.OpenTableAsync(table, ct), lake.Options, lake.Fs);
        }

        return new SnapshotPublisher(writers, vault);
    }

    /// <summary>The oldest batch any of the tables reflects (0: never published).</summary>
    public long Batch => _writers.Values.Min(w => w.Batch);

    public async Task<IReadOnlyList<SnapshotRefresh>> PublishAsync(IdentitySnapshot snapshot, long batch, CancellationToken ct)
    {
        if (_vault is { } vault)
        {
            // The override rules are read back on a replay from the start: their clear values go to the vault, ahead.
            snapshot = SnapshotPseudonyms.Apply(snapshot, vault.Hasher, (kind, value) => vault.Protect(kind, value)!);
            await vault.FlushAsync(batch, ct);
        }

        return await PublishTablesAsync(snapshot, batch, ct);
    }

    /// <summary>
    /// The six tables side by side: each commits on its own (a crash leaves any of them a batch behind, as between two in
    /// series), and the signatures table, the largest, no longer waits for the other five.
    /// </summary>
    private async Task<IReadOnlyList<SnapshotRefresh>> PublishTablesAsync(IdentitySnapshot snapshot, long batch, CancellationToken ct) =>
        await Task.WhenAll(
            Task.Run(() => _writers[TableNames.Identities].RefreshAsync(snapshot.Identities, r => $"{r.IdentifierType}\u0000{r.IdentifierValue}",
                () => new IdentitiesRows(), (b, rows) => ((IdentitiesRows)b).AddRange(rows), batch, ct), ct),
            Task.Run(() => _writers[TableNames.Profiles].RefreshAsync(snapshot.Profiles, r => r.ProfileId, () => new ProfilesRows(),
                (b, rows) => ((ProfilesRows)b).AddRange(rows), batch, ct), ct),
            Task.Run(() => _writers[TableNames.Accounts].RefreshAsync(snapshot.Accounts, r => r.AccountId, () => new AccountsRows(),
                (b, rows) => ((AccountsRows)b).AddRange(rows), batch, ct), ct),
            // A person's periods stay together in one bucket.
            Task.Run(() => _writers[TableNames.Employments].RefreshAsync(snapshot.Employments, r => r.ProfileId, () => new EmploymentsRows(),
                (b, rows) => ((EmploymentsRows)b).AddRange(rows), batch, ct), ct),
            Task.Run(() => _writers[TableNames.IdentityOverrides].RefreshAsync(snapshot.Overrides, r => r.ToString(), () => new IdentityOverridesRows(),
                (b, rows) => ((IdentityOverridesRows)b).AddRange(rows), batch, ct), ct),
            Task.Run(() => _writers[TableNames.Signatures].RefreshAsync(snapshot.Signatures, r => r.SignatureId, () => new SignaturesRows(),
                (b, rows) => ((SignaturesRows)b).AddRange(rows), batch, ct), ct));
}
