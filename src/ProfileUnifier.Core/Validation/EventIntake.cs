using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Identity;

namespace ProfileUnifier.Core.Validation;

/// <summary>
/// The front of the pipeline for one line: the contract (<see cref="EventParser"/>), then normalisation and the keys'
/// hashes (<see cref="KeyHashes"/>); an event with no usable identifier left is rejected, listing why
/// each one it had is unusable. An accepted event keeps its identifiers as keys only (see
/// <see cref="IncomingEvent.ForgetRawIdentifiers"/>).
/// </summary>
public sealed class EventIntake(EventParser parser, IdentifierNormalizer normalizer)
{
    public IntakeResult Read(ReadOnlySpan<byte> line) => Read(line, out _);

    /// <summary><see cref="Read(ReadOnlySpan{byte})"/>, and an accepted event's keys' hashes for the engine.</summary>
    public IntakeResult Read(ReadOnlySpan<byte> line, out KeyHashes hashes)
    {
        hashes = default;
        var parsed = parser.Parse(line);
        if (parsed.Event is not { } e)
        {
            return new IntakeResult(null, null, parsed.Rejection);
        }

        var keys = normalizer.Normalize(e.Identifiers, e.Account);
        if (!keys.IsEmpty)
        {
            e.ForgetRawIdentifiers();
            hashes = KeyHashes.Of(keys);
            return new IntakeResult(e, keys, null);
        }

        var why = keys.Ignored.Count == 0
            ? "no identifiers and no account keys"
            : string.Join("; ", keys.Ignored);
        return new IntakeResult(null, null, new Rejection(RejectionCode.NoUsableIdentifier, "", $"no usable identifier ({why})"));
    }
}
