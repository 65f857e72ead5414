namespace ProfileUnifier.Core.Events;

/// <summary>Person traits. <see cref="Json"/> is the whole traits object as it came (extra traits included).</summary>
public sealed record Traits
{
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Title { get; init; }
    public string? Role { get; init; }
    public string? Json { get; init; }

    public bool IsEmpty => FirstName is null && LastName is null && Title is null && Role is null;
}
