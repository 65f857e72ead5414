namespace ProfileUnifier.Lake.Commit;

/// <summary>
/// One entry of the commit log (<c>_log/&lt;txn&gt;.json</c>): the files a transaction put in place and how
/// far it read each input. An entry exists iff the transaction happened; its files are renamed into place
/// only after it is durable, and are rolled forward on the next start if a crash came in between.
/// </summary>
public sealed record CommitEntry
{
    public int Version { get; init; } = 1;
    public required long Txn { get; init; }
    public required string Writer { get; init; }
    public required DateTime CommittedAt { get; init; }
    public List<CommittedFile> Files { get; init; } = [];
    public List<InputPosition> Inputs { get; init; } = [];
    public List<KafkaPosition> Kafka { get; init; } = [];
    public CommitCounts Counts { get; init; } = new(0, 0, 0, 0);
}

/// <summary>A file of the transaction: where it was staged and where it goes (paths relative to the lake root).</summary>
public sealed record CommittedFile(string Table, string Path, string Staged, long Rows, long Bytes);

/// <summary>
/// How far an input file has been read: <paramref name="Id"/> is a hash of its content, so a copy under
/// another name is the same input, and a changed file is a new one.
/// </summary>
public sealed record InputPosition(string Id, string Path, long Lines, bool Complete);

/// <summary>The next offset to read in a Kafka partition.</summary>
public sealed record KafkaPosition(string Topic, int Partition, long NextOffset);

/// <summary>What the transaction did with the lines it read: <c>Lines = Accepted + Rejected + Redeliveries</c>.</summary>
public sealed record CommitCounts(long Lines, long Accepted, long Rejected, long Redeliveries)
{
    public CommitCounts Add(CommitCounts other) =>
        new(Lines + other.Lines, Accepted + other.Accepted, Rejected + other.Rejected, Redeliveries + other.Redeliveries);
}
