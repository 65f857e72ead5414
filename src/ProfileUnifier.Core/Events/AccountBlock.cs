namespace ProfileUnifier.Core.Events;

/// <summary>The company an event names, as it came.</summary>
public sealed record AccountBlock
{
    public string? AccountId { get; init; }
    public string? Inn { get; init; }
    public string? Domain { get; init; }
    public string? Name { get; init; }
    public string? Industry { get; init; }
    public string? Region { get; init; }
    public int? Employees { get; init; }

    public bool HasAttributes => Name is not null || Industry is not null || Region is not null || Employees is not null;
}
