using ProfileUnifier.Core.Identity.Snapshot;
using ProfileUnifier.Lake.Parquet;

namespace ProfileUnifier.Lake.Tables;

/// <summary>
/// Rows of <c>employments</c> (a snapshot): each person's employers over time. A person's rows cover all time
/// (valid_from null for the first, valid_to null for the current), so the account of an event that only its
/// person gives is the row its occurred_at falls in.
/// </summary>
public sealed class EmploymentsRows : TableBuffer
{
    private readonly StringColumn _profileId = new("profile_id", nullable: false);
    private readonly StringColumn _accountId = new("account_id", nullable: false);
    private readonly TimestampColumn _validFrom = new("valid_from", nullable: true);
    private readonly TimestampColumn _validTo = new("valid_to", nullable: true);
    private readonly TimestampColumn _firstSeen = new("first_seen");
    private readonly TimestampColumn _lastSeen = new("last_seen");
    private readonly Int32Column _events = new("evidence_events");
    private readonly BooleanColumn _isCurrent = new("is_current");

    protected internal override IReadOnlyList<ColumnBuffer> Columns =>
        [_profileId, _accountId, _validFrom, _validTo, _firstSeen, _lastSeen, _events, _isCurrent];

    public void AddRange(IEnumerable<EmploymentRow> rows)
    {
        foreach (var r in rows)
        {
            _profileId.Add(r.ProfileId);
            _accountId.Add(r.AccountId);
            _validFrom.Add(r.ValidFrom);
            _validTo.Add(r.ValidTo);
            _firstSeen.Add(r.FirstSeen);
            _lastSeen.Add(r.LastSeen);
            _events.Add(r.Events);
            _isCurrent.Add(r.IsCurrent);
        }
    }
}
