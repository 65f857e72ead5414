using ProfileUnifier.Core.Identity.Snapshot;
using ProfileUnifier.Lake.Parquet;

namespace ProfileUnifier.Lake.Tables;

/// <summary>Rows of <c>accounts</c>: one unified company, its keys, attributes, contacts and revenue.</summary>
public sealed class AccountsRows : TableBuffer
{
    private readonly StringColumn _accountId = new("account_id", nullable: false);
    private readonly StringColumn _crmAccountId = new("crm_account_id");
    private readonly StringColumn _inn = new("inn");
    private readonly StringColumn _domain = new("domain");
    private readonly StringListColumn _domains = new("domains");
    private readonly StringListColumn _phones = new("phones");
    private readonly StringColumn _name = new("name");
    private readonly StringColumn _industry = new("industry");
    private readonly StringColumn _region = new("region");
    private readonly NullableInt32Column _employees = new("employees");
    private readonly Int32Column _contacts = new("contacts");
    private readonly DoubleColumn _revenue = new("revenue");
    private readonly Int32Column _orders = new("orders");
    private readonly TimestampColumn _firstSeen = new("first_seen", nullable: true);
    private readonly TimestampColumn _lastSeen = new("last_seen", nullable: true);
    private readonly Int32Column _events = new("events");

    protected internal override IReadOnlyList<ColumnBuffer> Columns =>
    [
        _accountId, _crmAccountId, _inn, _domain, _domains, _phones, _name, _industry, _region, _employees, _contacts, _revenue,
        _orders, _firstSeen, _lastSeen, _events,
    ];

    public void AddRange(IEnumerable<AccountRow> rows)
    {
        foreach (var a in rows)
        {
            _accountId.Add(a.AccountId);
            _crmAccountId.Add(a.CrmAccountId);
            _inn.Add(a.Inn);
            _domain.Add(a.Domain);
            _domains.Add(a.Domains);
            _phones.Add(a.Phones);
            _name.Add(a.Name);
            _industry.Add(a.Industry);
            _region.Add(a.Region);
            _employees.Add(a.Employees);
            _contacts.Add(a.Contacts);
            _revenue.Add(a.Revenue);
            _orders.Add(a.Orders);
            _firstSeen.Add(a.FirstSeen);
            _lastSeen.Add(a.LastSeen);
            _events.Add(a.Events);
        }
    }
}
