using ProfileUnifier.Core.Events;

namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>The latest stated name, industry, region and size of a company (greatest (occurred_at, event_id) wins).</summary>
internal sealed class AccountAttributesRecord
{
    public Stamped<string> Name;
    public Stamped<string> Industry;
    public Stamped<string> Region;
    public Stamped<int?> Employees;

    public void Observe(AccountBlock block, long ticks, string eventId)
    {
        Name.Offer(block.Name, ticks, eventId);
        Industry.Offer(block.Industry, ticks, eventId);
        Region.Offer(block.Region, ticks, eventId);
        Employees.Offer(block.Employees, ticks, eventId);
    }

    public void Merge(AccountAttributesRecord other)
    {
        Name.Offer(other.Name);
        Industry.Offer(other.Industry);
        Region.Offer(other.Region);
        Employees.Offer(other.Employees);
    }
}
