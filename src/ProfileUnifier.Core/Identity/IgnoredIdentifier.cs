namespace ProfileUnifier.Core.Identity;

/// <summary>An identifier value that was present but is not usable, and why (kept with the event).</summary>
public readonly record struct IgnoredIdentifier(string Field, string Reason)
{
    public override string ToString() => $"{Field}: {Reason}";
}
