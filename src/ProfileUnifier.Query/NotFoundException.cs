namespace ProfileUnifier.Query;

/// <summary>Nothing in the lake matches what was asked for (an unknown identifier, segment or account).</summary>
public sealed class NotFoundException(string message) : Exception(message);
