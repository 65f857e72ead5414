using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Groups;

namespace ProfileUnifier.Lake.Reading;

/// <summary>
/// What a reader sees of the lake: one Delta version per table, lined up so that the tables of a group show the
/// same group commit (a batch's touchpoints together with its rejected lines and merges).
/// </summary>
public sealed class LakeVersion(string root, IReadOnlyDictionary<string, DeltaSnapshot> tables)
{
    public string Root { get; } = root;

    /// <summary>Every table the lake has, by name.</summary>
    public IReadOnlyDictionary<string, DeltaSnapshot> Tables { get; } = tables;

    public bool Has(string table) => Tables.ContainsKey(table);

    public DeltaSnapshot? this[string table] => Tables.GetValueOrDefault(table);

    /// <summary>The group commit the lake shows (0 when the group has committed nothing).</summary>
    public long GroupNumber(TableGroup group) => this[group.Leader]?.TransactionVersion(group.AppId) ?? 0;

    /// <summary>Absolute paths of a table's live files; a file the log names but the disk lacks means a damaged lake.</summary>
    public IReadOnlyList<string> LiveFiles(string table)
    {
        if (this[table] is not { } snapshot)
        {
            return [];
        }

        var files = new List<string>(snapshot.Files.Count);
        foreach (var file in snapshot.OrderedFiles)
        {
            var path = snapshot.PathOf(file);
            if (!File.Exists(path))
            {
                throw new InvalidDataException($"{table} version {snapshot.Version} names {file.FilePath}, which is missing");
            }

            files.Add(path);
        }

        return files;
    }
}
