namespace ProfileUnifier.Ingestion.Erasure;

/// <summary>What a person is found by for erasure.</summary>
public enum ErasureKey
{
    Email,
    Phone,
    CrmId,
    ProfileId,
}

/// <summary>
/// An erasure request: the person, by one identifier (as typed: it is normalised the way ingestion does), who asks and
/// why (a ticket reference; the audit table keeps it, so it must not hold the identifier).
/// </summary>
public sealed record ErasureRequest(ErasureKey Key, string Value, string RequestedBy, string? Reason);

/// <summary>No profile has the identifier (exit 5).</summary>
public sealed class PersonNotFoundException(string message) : Exception(message);

/// <summary>The lake holds something forget cannot erase safely (a table it cannot rewrite): nothing was changed (exit 1).</summary>
public sealed class ErasureRefusedException(string message) : Exception(message);
