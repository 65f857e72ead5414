using ProfileUnifier.Core.Validation;

namespace ProfileUnifier.Ingestion.Pipeline;

/// <summary>
/// A line after the contract check: the event or why it was rejected, its length, its bytes if rejected, and its event
/// id's hash if accepted (the redelivery filter's key, made on the checking threads rather than the taking one).
/// </summary>
public readonly record struct CheckedLine(IntakeResult Result, int Length, byte[]? Raw, UInt128 EventIdHash);
