namespace ProfileUnifier.Server.Lake;

/// <summary>
/// The lake's current version: the one thing the server watches to know that its lookup index is stale.
/// The first implementation reads the commit log; a Delta lake's is the latest <c>_delta_log</c> version.
/// </summary>
public interface ILakeVersionSource
{
    /// <summary>The latest committed version, or -1 when nothing is committed (or there is no lake yet).</summary>
    long Current();
}
