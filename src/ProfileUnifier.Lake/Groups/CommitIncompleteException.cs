namespace ProfileUnifier.Lake.Groups;

/// <summary>
/// A group commit passed its commit point (the leader's version exists, the data is in) but a member table could
/// not be brought level: an I/O error, a full disk. Retrying the commit, or the next writer to open the lake,
/// finishes it. An <see cref="IOException"/>, so retry policies that handle I/O errors take it too.
/// </summary>
public sealed class CommitIncompleteException(TableGroup group, long number, long leaderVersion, Exception inner)
    : IOException(
        $"{group.Name} {number} is committed ({group.Leader} version {leaderVersion}), but {string.Join(", ", group.Members)} could not " +
        $"be completed: {inner.Message}. Nothing is lost: the next start of ingest or run completes them.", inner)
{
    public long Number { get; } = number;
}
