namespace ProfileUnifier.Core.Identity;

/// <summary>Sizes of the engine's state, for logs, metrics and the memory benchmark.</summary>
public sealed record EngineStatistics(
    int Identifiers,
    int Signatures,
    int Profiles,
    int Accounts,
    int Orders,
    int SharedIdentifiers,
    long ApproximateBytes);
