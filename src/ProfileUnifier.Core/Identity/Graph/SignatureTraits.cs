namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>The latest value of each trait of a signature (or of a profile, merged over its signatures).</summary>
internal struct SignatureTraits
{
    public TraitStamp FirstName;
    public TraitStamp LastName;
    public TraitStamp Title;
    public TraitStamp Role;

    public void Merge(in SignatureTraits other)
    {
        FirstName.Offer(other.FirstName);
        LastName.Offer(other.LastName);
        Title.Offer(other.Title);
        Role.Offer(other.Role);
    }
}
