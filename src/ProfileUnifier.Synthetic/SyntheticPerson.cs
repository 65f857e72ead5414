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

    /// <summary>For a job changer: the company they move to, when, and their address there (everything else they keep).</summary>
    public SyntheticAccount? NextAccount { get; set; }
    public DateTimeOffset MovesAt { get; set; } = DateTimeOffset.MaxValue;
    public string? NextWorkEmail { get; set; }

    /// <summary>The employer and work address at a time.</summary>
    public Job At(DateTimeOffset t) => t >= MovesAt ? new Job(NextAccount!, NextWorkEmail) : new Job(Account, WorkEmail);

    /// <summary>Private identifiers as small integers (for the linkable-groups union-find); -1 when absent.</summary>
    public int[] Tokens { get; set; } = [];
}

/// <summary>Where a person works at one time, and their work address there (null: free-mail only).</summary>
internal readonly record struct Job(SyntheticAccount Account, string? WorkEmail);
