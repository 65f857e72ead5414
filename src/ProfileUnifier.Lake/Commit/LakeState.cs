namespace ProfileUnifier.Lake.Commit;

/// <summary>What the commit log says, folded: the last transaction, every committed file, input positions.</summary>
public sealed class LakeState
{
    private readonly Dictionary<string, InputPosition> _inputs = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Topic, int Partition), long> _kafka = [];
    private readonly Dictionary<string, List<string>> _appendedFiles = new(StringComparer.Ordinal);

    public long LastTxn { get; private set; }

    public CommitCounts Totals { get; private set; } = new(0, 0, 0, 0);

    public IReadOnlyDictionary<string, InputPosition> Inputs => _inputs;

    public IReadOnlyDictionary<(string Topic, int Partition), long> KafkaOffsets => _kafka;

    /// <summary>Committed files of an appended table (touchpoints, merges, rejected), relative to the root.</summary>
    public IReadOnlyList<string> FilesOf(string table) =>
        _appendedFiles.TryGetValue(table, out var files) ? files : [];

    public void Apply(CommitEntry entry)
    {
        if (entry.Txn <= LastTxn)
        {
            throw new InvalidDataException($"commit log out of order: {entry.Txn} after {LastTxn}");
        }

        LastTxn = entry.Txn;
        Totals = Totals.Add(entry.Counts);
        foreach (var input in entry.Inputs)
        {
            _inputs[input.Id] = input;
        }

        foreach (var offset in entry.Kafka)
        {
            _kafka[(offset.Topic, offset.Partition)] = offset.NextOffset;
        }

        foreach (var file in entry.Files)
        {
            if (!Tables.TableNames.Snapshots.Contains(file.Table))
            {
                if (!_appendedFiles.TryGetValue(file.Table, out var files))
                {
                    _appendedFiles[file.Table] = files = [];
                }

                files.Add(file.Path);
            }
        }
    }
}
