using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Identity.Snapshot;
using ProfileUnifier.Lake.Parquet;

namespace ProfileUnifier.Lake.Tables;

/// <summary>Rows of <c>profiles</c>: one unified person with their identifiers and activity per source.</summary>
public sealed class ProfilesRows : TableBuffer
{
    private readonly StringColumn _profileId = new("profile_id", nullable: false);
    private readonly StringColumn _accountId = new("account_id");
    private readonly StringColumn _firstName = new("first_name");
    private readonly StringColumn _lastName = new("last_name");
    private readonly StringColumn _title = new("title");
    private readonly StringColumn _role = new("role");
    private readonly StringListColumn _emails = new("emails");
    private readonly StringListColumn _phones = new("phones");
    private readonly StringColumn _crmContactId = new("crm_contact_id");
    private readonly StringColumn _userId = new("user_id");
    private readonly StringListColumn _socials = new("socials");
    private readonly Int32Column _anonymousIds = new("anonymous_ids");
    private readonly TimestampColumn _firstSeen = new("first_seen");
    private readonly TimestampColumn _lastSeen = new("last_seen");
    private readonly Int32Column _events = new("events");
    private readonly StringColumn _previousAccountId = new("previous_account_id");
    private readonly TimestampColumn _accountSince = new("account_since", nullable: true);
    private readonly Int32Column[] _bySource = EventSources.All.Select(s => new Int32Column($"events_{s.WireName()}")).ToArray();

    protected internal override IReadOnlyList<ColumnBuffer> Columns =>
    [
        _profileId, _accountId, _firstName, _lastName, _title, _role, _emails, _phones, _crmContactId, _userId, _socials,
        _anonymousIds, _firstSeen, _lastSeen, _events, .. _bySource, _previousAccountId, _accountSince,
    ];

    public void AddRange(IEnumerable<ProfileRow> rows)
    {
        foreach (var p in rows)
        {
            _profileId.Add(p.ProfileId);
            _accountId.Add(p.AccountId);
            _firstName.Add(p.FirstName);
            _lastName.Add(p.LastName);
            _title.Add(p.Title);
            _role.Add(p.Role);
            _emails.Add(p.Emails);
            _phones.Add(p.Phones);
            _crmContactId.Add(p.CrmContactId);
            _userId.Add(p.UserId);
            _socials.Add(p.Socials);
            _anonymousIds.Add(p.AnonymousIds);
            _firstSeen.Add(p.FirstSeen);
            _lastSeen.Add(p.LastSeen);
            _events.Add(p.Events);
            for (var s = 0; s < _bySource.Length; s++)
            {
                _bySource[s].Add(p.EventsBySource[s]);
            }

            _previousAccountId.Add(p.PreviousAccountId);
            _accountSince.Add(p.AccountSince);
        }
    }
}
