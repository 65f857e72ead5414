using ProfileUnifier.Core.Text;

namespace ProfileUnifier.Core.Events;

/// <summary>
/// The typed, type-specific properties the pipeline uses; <see cref="JsonUtf8"/> keeps the whole
/// properties object as it came, unknown extra properties included.
/// </summary>
/// <remarks>
/// The fields of a few event types each (money, calls, opinions) are kept in a group of their own, made only for an event
/// that has one of them: one object of 21 fields was ~250 bytes an event whatever its type, 223 MB of the 1.6 GB a
/// 1M-line ingest allocated, where a page view uses one field.
/// </remarks>
public sealed record EventProperties
{
    private MoneyFields? _money;
    private CallFields? _call;
    private OpinionFields? _opinion;
    private Utf8Text _json;

    public EventProperties()
    {
    }

    /// <summary>
    /// The parser's: the groups made at once rather than field by field, each null or with a field set (the parser knows
    /// which, so nothing compares them with an empty group here, once an event).
    /// </summary>
    internal EventProperties(MoneyFields? money, CallFields? call, OpinionFields? opinion) =>
        (_money, _call, _opinion) = (money, call, opinion);

    public static EventProperties None { get; } = new();

    /// <summary>The properties object as it came (a string made on each call: <see cref="JsonUtf8"/> is what is kept).</summary>
    public string? Json { get => _json.ToString(); init => _json = Utf8Text.From(value); }

    /// <summary>The properties object as it came, in the UTF-8 of the line.</summary>
    public Utf8Text JsonUtf8 { get => _json; init => _json = value; }

    public string? OrderId { get => _money?.OrderId; init => _money = MoneyFields.OrNull((_money ?? MoneyFields.Empty) with { OrderId = value }); }

    public double? Amount { get => _money?.Amount; init => _money = MoneyFields.OrNull((_money ?? MoneyFields.Empty) with { Amount = value }); }

    public string? Currency { get => _money?.Currency; init => _money = MoneyFields.OrNull((_money ?? MoneyFields.Empty) with { Currency = value }); }

    public double? Margin { get => _money?.Margin; init => _money = MoneyFields.OrNull((_money ?? MoneyFields.Empty) with { Margin = value }); }

    public double? Discount { get => _money?.Discount; init => _money = MoneyFields.OrNull((_money ?? MoneyFields.Empty) with { Discount = value }); }

    public string? InvoiceId { get => _money?.InvoiceId; init => _money = MoneyFields.OrNull((_money ?? MoneyFields.Empty) with { InvoiceId = value }); }

    public DateOnly? DueDate { get => _money?.DueDate; init => _money = MoneyFields.OrNull((_money ?? MoneyFields.Empty) with { DueDate = value }); }

    public DateTimeOffset? PaidAt { get => _money?.PaidAt; init => _money = MoneyFields.OrNull((_money ?? MoneyFields.Empty) with { PaidAt = value }); }

    public string? Url { get; init; }
    public string? Form { get; init; }
    public string? Feature { get; init; }
    public string? CampaignId { get; init; }

    public string? Direction { get => _call?.Direction; init => _call = CallFields.OrNull((_call ?? CallFields.Empty) with { Direction = value }); }

    public int? DurationSeconds { get => _call?.DurationSeconds; init => _call = CallFields.OrNull((_call ?? CallFields.Empty) with { DurationSeconds = value }); }

    public string? Outcome { get => _call?.Outcome; init => _call = CallFields.OrNull((_call ?? CallFields.Empty) with { Outcome = value }); }

    public double? Sentiment { get => _opinion?.Sentiment; init => _opinion = OpinionFields.OrNull((_opinion ?? OpinionFields.Empty) with { Sentiment = value }); }

    public int? Nps { get => _opinion?.Nps; init => _opinion = OpinionFields.OrNull((_opinion ?? OpinionFields.Empty) with { Nps = value }); }

    public string? Strategy { get => _opinion?.Strategy; init => _opinion = OpinionFields.OrNull((_opinion ?? OpinionFields.Empty) with { Strategy = value }); }

    public string? GrowthPlan { get => _opinion?.GrowthPlan; init => _opinion = OpinionFields.OrNull((_opinion ?? OpinionFields.Empty) with { GrowthPlan = value }); }

    public double? AnnualBudget { get => _opinion?.AnnualBudget; init => _opinion = OpinionFields.OrNull((_opinion ?? OpinionFields.Empty) with { AnnualBudget = value }); }

    /// <summary>Judged criteria of an assessment, name → score 1..10, in the order they came.</summary>
    public IReadOnlyList<KeyValuePair<string, int>>? Criteria
    {
        get => _opinion?.Criteria;
        init => _opinion = OpinionFields.OrNull((_opinion ?? OpinionFields.Empty) with { Criteria = value });
    }

    /// <summary>Orders, invoices and payments (crm).</summary>
    internal sealed record MoneyFields(
        string? OrderId, double? Amount, string? Currency, double? Margin, double? Discount, string? InvoiceId, DateOnly? DueDate,
        DateTimeOffset? PaidAt)
    {
        public static MoneyFields Empty { get; } = new(null, null, null, null, null, null, null, null);

        // None set is no group: equal properties make equal events, however they were set.
        public static MoneyFields? OrNull(MoneyFields? fields) => fields == Empty ? null : fields;
    }

    /// <summary>Calls.</summary>
    internal sealed record CallFields(string? Direction, int? DurationSeconds, string? Outcome)
    {
        public static CallFields Empty { get; } = new(null, null, null);

        public static CallFields? OrNull(CallFields? fields) => fields == Empty ? null : fields;
    }

    /// <summary>Sentiment, NPS, the account plan's and an assessment's judgements.</summary>
    internal sealed record OpinionFields(
        double? Sentiment, int? Nps, string? Strategy, string? GrowthPlan, double? AnnualBudget, IReadOnlyList<KeyValuePair<string, int>>? Criteria)
    {
        public static OpinionFields Empty { get; } = new(null, null, null, null, null, null);

        public static OpinionFields? OrNull(OpinionFields? fields) => fields == Empty ? null : fields;
    }
}
