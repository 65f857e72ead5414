namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>Why an identifier is shared and which event made it so.</summary>
internal readonly record struct SharedNote(string Reason, string? EventId, long Ticks);
