using ProfileUnifier.Core.Events;

namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>
/// The latest value of each trait, where "latest" is the greatest (occurred_at, event_id): a total
/// order, so the winner does not depend on arrival order.
/// </summary>
internal sealed class TraitsRecord
{
    public Stamped<string> FirstName;
    public Stamped<string> LastName;
    public Stamped<string> Title;
    public Stamped<string> Role;

    public void Observe(Traits traits, long ticks, string eventId)
    {
        FirstName.Offer(traits.FirstName, ticks, eventId);
        LastName.Offer(traits.LastName, ticks, eventId);
        Title.Offer(traits.Title, ticks, eventId);
        Role.Offer(traits.Role, ticks, eventId);
    }

    public void Merge(TraitsRecord other)
    {
        FirstName.Offer(other.FirstName);
        LastName.Offer(other.LastName);
        Title.Offer(other.Title);
        Role.Offer(other.Role);
    }
}
