using ProfileUnifier.Core.Validation;

namespace ProfileUnifier.Ingestion.Pipeline;

/// <summary>
/// A line after the contract check: the event or why it was rejected, its length, if rejected the start of its bytes
/// (as much as the rejected table keeps, <see cref="Lake.Tables.RejectedRows.RawBytesKept"/>), and if accepted its event
/// id's hash (the redelivery filter's key, made on the checking threads rather than the taking one).
/// </summary>
public readonly record struct CheckedLine(IntakeResult Result, int Length, byte[]? Raw, UInt128 EventIdHash);
