using ProfileUnifier.Core.Identity;
using ProfileUnifier.Core.Validation;

namespace ProfileUnifier.Ingestion.Pipeline;

/// <summary>
/// A line after the contract check: the event or why it was rejected, its length, if rejected the start of its bytes
/// (as much as the rejected table keeps, <see cref="Lake.Tables.RejectedRows.RawBytesKept"/>), and if accepted its event
/// id's hash (the redelivery filter's key) and its keys' hashes (the engine's), made on the checking threads rather than
/// the taking one.
/// </summary>
public readonly record struct CheckedLine(IntakeResult Result, int Length, byte[]? Raw, UInt128 EventIdHash)
{
    public CheckedLine(IntakeResult result, int length, UInt128 eventIdHash, in KeyHashes hashes)
        : this(result, length, null, eventIdHash) => Hashes = hashes;

    /// <summary>
    /// A field, not a property: the taking thread hands the engine a reference to them where they lie in the block (a
    /// property's copy of their ~100 bytes, at each of the prefetch stages and the take, was ~1 % of an ingest's samples).
    /// </summary>
    public readonly KeyHashes Hashes;
}
