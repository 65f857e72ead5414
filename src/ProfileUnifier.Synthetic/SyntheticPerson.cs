namespace ProfileUnifier.Synthetic;

/// <summary>A person of the synthetic world with every identifier they use.</summary>
internal sealed class SyntheticPerson
{
    public required int Index { get; init; }
    public required string TruthId { get; init; }
    public required SyntheticAccount Account { get; init; }
    public required (string Cyrillic, string Latin) FirstName { get; init; }
    public required (string Cyrillic, string Latin) LastName { get; init; }
    public required bool CyrillicNames { get; init; }
    public required string Title { get; init; }
    public required string Role { get; init; }
    public string? WorkEmail { get; init; }
    public string? PersonalEmail { get; init; }
    public string? Mobile { get; init; }
    public required string[] Cookies { get; init; }
    public string? UserId { get; init; }
    public string? CrmContactId { get; init; }
    public string? Social { get; init; }
    public required double Activity { get; init; }

    /// <summary>Private identifiers as small integers (for the linkable-groups union-find); -1 when absent.</summary>
    public int[] Tokens { get; set; } = [];
}
