namespace ProfileUnifier.Core.Events;

/// <summary>
/// The typed, type-specific properties the pipeline uses; <see cref="Json"/> keeps the whole
/// properties object as it came, unknown extra properties included.
/// </summary>
public sealed record EventProperties
{
    public static EventProperties None { get; } = new();

    public string? Json { get; init; }

    public string? OrderId { get; init; }
    public double? Amount { get; init; }
    public string? Currency { get; init; }
    public double? Margin { get; init; }
    public double? Discount { get; init; }

    public string? InvoiceId { get; init; }
    public DateOnly? DueDate { get; init; }
    public DateTimeOffset? PaidAt { get; init; }

    public string? Url { get; init; }
    public string? Form { get; init; }
    public string? Feature { get; init; }
    public string? CampaignId { get; init; }

    public string? Direction { get; init; }
    public int? DurationSeconds { get; init; }
    public string? Outcome { get; init; }

    public double? Sentiment { get; init; }
    public int? Nps { get; init; }

    public string? Strategy { get; init; }
    public string? GrowthPlan { get; init; }
    public double? AnnualBudget { get; init; }

    /// <summary>Judged criteria of an assessment, name → score 1..10, in the order they came.</summary>
    public IReadOnlyList<KeyValuePair<string, int>>? Criteria { get; init; }
}
