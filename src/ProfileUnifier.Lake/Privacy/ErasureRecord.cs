using System.Text.Json.Serialization;

namespace ProfileUnifier.Lake.Privacy;

/// <summary>
/// What one erasure did, as its batch commit's manifest and the <c>erasures</c> audit table record it: when, who asked and
/// why, by which kind of identifier, and how many rows went from each table. Never the identifier, the person's profile id
/// or their tokens: the audit must not become a list of the people it erased.
/// </summary>
public sealed record ErasureRecord
{
    [JsonPropertyName("erasure_id")]
    public required string ErasureId { get; init; }

    [JsonPropertyName("requested_at")]
    public required DateTime RequestedAt { get; init; }

    [JsonPropertyName("requested_by")]
    public required string RequestedBy { get; init; }

    /// <summary>The request's reference (a ticket number); free text the operator gives, told not to hold identifiers.</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    /// <summary>The kind of identifier the person was found by (email, phone, crm_contact_id, profile_id).</summary>
    [JsonPropertyName("found_by")]
    public required string FoundBy { get; init; }

    /// <summary>The person's identifiers put on the suppression list.</summary>
    [JsonPropertyName("identifiers_suppressed")]
    public required int IdentifiersSuppressed { get; init; }

    /// <summary>Rows removed (or, for rejected lines, redacted) per table.</summary>
    [JsonPropertyName("rows")]
    public Dictionary<string, long> Rows { get; init; } = [];
}
