namespace ProfileUnifier.Core.Identity;

/// <summary>Who an event belongs to now, and the id of its identifier set (lake column signature_id).</summary>
public readonly record struct EventResolution(string? ProfileId, string? AccountId, string SignatureId);
