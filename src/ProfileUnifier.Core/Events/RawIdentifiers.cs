namespace ProfileUnifier.Core.Events;

/// <summary>The identifiers block as it came, before normalisation. Null means absent.</summary>
public sealed record RawIdentifiers
{
    public static RawIdentifiers None { get; } = new();

    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? AnonymousId { get; init; }
    public string? UserId { get; init; }
    public string? CrmContactId { get; init; }
    public string? Social { get; init; }
}
