namespace ProfileUnifier.Server.Lake;

/// <summary>
/// The lake's current version: the one thing the server watches to know that its lookup index is stale.
/// Implemented over the tables' Delta logs (<see cref="DeltaLogVersionSource"/>).
/// </summary>
public interface ILakeVersionSource
{
    /// <summary>The latest committed version, or -1 when nothing is committed (or there is no lake yet).</summary>
    long Current();
}
