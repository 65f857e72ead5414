using ProfileUnifier.Core.Events;

namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>The latest stated name, industry, region and size of a company (greatest (occurred_at, event_id) wins).</summary>
internal sealed class AccountAttributesRecord
{
    public Stamped<string> Name;
    public Stamped<string> Industry;
    public Stamped<string> Region;
    public Stamped<int?> Employees;

    public void Observe(AccountBlock block, long ticks, ref LazyText eventId)
    {
        Name.Offer(block.Name, ticks, ref eventId);
        Industry.Offer(block.Industry, ticks, ref eventId);
        Region.Offer(block.Region, ticks, ref eventId);
        Employees.Offer(block.Employees, ticks, ref eventId);
    }

    public void Merge(AccountAttributesRecord other)
    {
        Name.Offer(other.Name);
        Industry.Offer(other.Industry);
        Region.Offer(other.Region);
        Employees.Offer(other.Employees);
    }
}
