using ProfileUnifier.Core.Identity.Snapshot;
using ProfileUnifier.Lake.Parquet;

namespace ProfileUnifier.Lake.Tables;

/// <summary>Rows of <c>identities</c>: every normalised identifier, its profile (null if shared) and account.</summary>
public sealed class IdentitiesRows : TableBuffer
{
    private readonly StringColumn _type = new("identifier_type", nullable: false) { DictionaryPages = true };
    private readonly StringColumn _value = new("identifier_value", nullable: false);
    private readonly StringColumn _level = new("level", nullable: false) { DictionaryPages = true };
    private readonly StringColumn _profileId = new("profile_id") { DictionaryPages = true };
    private readonly StringColumn _accountId = new("account_id") { DictionaryPages = true };
    private readonly BooleanColumn _isShared = new("is_shared");
    private readonly StringColumn _sharedReason = new("shared_reason") { DictionaryPages = true };
    private readonly TimestampColumn _firstSeen = new("first_seen");
    private readonly TimestampColumn _lastSeen = new("last_seen");
    private readonly Int32Column _events = new("events");

    protected internal override IReadOnlyList<ColumnBuffer> Columns =>
        [_type, _value, _level, _profileId, _accountId, _isShared, _sharedReason, _firstSeen, _lastSeen, _events];

    public void AddRange(IEnumerable<IdentityRow> rows)
    {
        foreach (var r in rows)
        {
            _type.Add(r.IdentifierType);
            _value.Add(r.IdentifierValue);
            _level.Add(r.Level);
            _profileId.Add(r.ProfileId);
            _accountId.Add(r.AccountId);
            _isShared.Add(r.IsShared);
            _sharedReason.Add(r.SharedReason);
            _firstSeen.Add(r.FirstSeen);
            _lastSeen.Add(r.LastSeen);
            _events.Add(r.Events);
        }
    }
}
