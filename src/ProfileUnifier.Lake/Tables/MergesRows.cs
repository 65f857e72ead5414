using ProfileUnifier.Core.Identity;
using ProfileUnifier.Lake.Parquet;

namespace ProfileUnifier.Lake.Tables;

/// <summary>
/// Rows of <c>merges</c>: each merge or split of a profile (or an account: <c>level</c> says which), with
/// the event that triggered it. <c>from_profile_id</c>/<c>into_profile_id</c> are set for profile rows.
/// </summary>
public sealed class MergesRows : TableBuffer
{
    private readonly StringColumn _kind = new("kind", nullable: false);
    private readonly StringColumn _level = new("level", nullable: false);
    private readonly StringColumn _fromId = new("from_id", nullable: false);
    private readonly StringColumn _intoId = new("into_id");
    private readonly StringColumn _fromProfileId = new("from_profile_id");
    private readonly StringColumn _intoProfileId = new("into_profile_id");
    private readonly StringColumn _eventId = new("event_id");
    private readonly TimestampColumn _at = new("at", nullable: true);
    private readonly StringColumn _reason = new("reason", nullable: false);
    private readonly TimestampColumn _loggedAt = new("logged_at");
    private readonly Int64Column _txn = new("txn");

    protected internal override IReadOnlyList<ColumnBuffer> Columns =>
        [_kind, _level, _fromId, _intoId, _fromProfileId, _intoProfileId, _eventId, _at, _reason, _loggedAt, _txn];

    public void AddRange(IEnumerable<IdentityChange> changes, DateTime loggedAt, long txn)
    {
        foreach (var c in changes)
        {
            var profile = c.Level == IdentityLevel.Profile;
            _kind.Add(c.Kind == ChangeKind.Merge ? "merge" : "split");
            _level.Add(profile ? "profile" : "account");
            _fromId.Add(c.FromId);
            _intoId.Add(c.IntoId);
            _fromProfileId.Add(profile ? c.FromId : null);
            _intoProfileId.Add(profile ? c.IntoId : null);
            _eventId.Add(c.EventId);
            _at.Add(c.At?.UtcDateTime);
            _reason.Add(c.Reason);
            _loggedAt.Add(loggedAt);
            _txn.Add(txn);
        }
    }
}
