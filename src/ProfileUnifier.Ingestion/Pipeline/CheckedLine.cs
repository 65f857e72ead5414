using ProfileUnifier.Core.Validation;

namespace ProfileUnifier.Ingestion.Pipeline;

/// <summary>A line after the contract check: the event or why it was rejected, its length, and its bytes if rejected.</summary>
public readonly record struct CheckedLine(IntakeResult Result, int Length, byte[]? Raw);
