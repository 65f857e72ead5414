using ProfileUnifier.Core.Identity;
using ProfileUnifier.Lake.Parquet;

namespace ProfileUnifier.Lake.Tables;

/// <summary>
/// Rows of <c>job_changes</c> (appended): a person's move from one account to another, logged once, when a
/// commit first shows it, with the event that showed it.
/// </summary>
public sealed class JobChangesRows : TableBuffer
{
    private readonly StringColumn _profileId = new("profile_id", nullable: false);
    private readonly StringColumn _fromAccountId = new("from_account_id", nullable: false);
    private readonly StringColumn _toAccountId = new("to_account_id", nullable: false);
    private readonly TimestampColumn _firstSeenAtNew = new("first_seen_at_new");
    private readonly TimestampColumn _lastSeenAtOld = new("last_seen_at_old");
    private readonly StringColumn _eventId = new("event_id");
    private readonly TimestampColumn _loggedAt = new("logged_at");
    private readonly Int64Column _txn = new("txn");

    protected internal override IReadOnlyList<ColumnBuffer> Columns =>
        [_profileId, _fromAccountId, _toAccountId, _firstSeenAtNew, _lastSeenAtOld, _eventId, _loggedAt, _txn];

    public void AddRange(IEnumerable<JobChange> changes, DateTime loggedAt, long txn)
    {
        foreach (var c in changes)
        {
            _profileId.Add(c.ProfileId);
            _fromAccountId.Add(c.FromAccountId);
            _toAccountId.Add(c.ToAccountId);
            _firstSeenAtNew.Add(c.FirstSeenAtNew.UtcDateTime);
            _lastSeenAtOld.Add(c.LastSeenAtOld.UtcDateTime);
            _eventId.Add(c.EventId);
            _loggedAt.Add(loggedAt);
            _txn.Add(txn);
        }
    }
}
