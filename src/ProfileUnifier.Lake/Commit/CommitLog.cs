using System.Globalization;
using System.Text.Json;

namespace ProfileUnifier.Lake.Commit;

/// <summary>
/// The lake's commit log: numbered JSON entries under <c>_log/</c>, each written whole and fsynced before
/// it gets its name, and never overwritten. The writer that gets entry N is the one that committed N;
/// any other writer trying N is fenced off.
/// </summary>
public sealed class CommitLog(string root)
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    public string Folder { get; } = Path.Combine(root, LakePaths.Log);

    public static string EntryName(long txn) => txn.ToString("D20", CultureInfo.InvariantCulture) + ".json";

    /// <summary>All entries in transaction order.</summary>
    public IReadOnlyList<CommitEntry> ReadAll()
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }

        var entries = new List<CommitEntry>();
        foreach (var path in Directory.EnumerateFiles(Folder, "*.json").Order(StringComparer.Ordinal))
        {
            CommitEntry entry;
            try
            {
                entry = JsonSerializer.Deserialize<CommitEntry>(File.ReadAllBytes(path), Json)
                        ?? throw new InvalidDataException("empty entry");
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"commit log entry {path} is not readable: {ex.Message}", ex);
            }

            if (EntryName(entry.Txn) != Path.GetFileName(path))
            {
                throw new InvalidDataException($"commit log entry {path} says it is transaction {entry.Txn}");
            }

            entries.Add(entry);
        }

        return entries;
    }

    /// <summary>Writes the entry durably under its number; false if that number is taken (another writer).</summary>
    public bool TryAppend(CommitEntry entry)
    {
        Directory.CreateDirectory(Folder);
        var temp = Path.Combine(Folder, $".tmp-{Guid.NewGuid():N}");
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, entry, Json);
            stream.Flush(flushToDisk: true);
        }

        var added = NativeFileSystem.TryLinkNoReplace(temp, Path.Combine(Folder, EntryName(entry.Txn)));
        if (!added)
        {
            File.Delete(temp);
            return false;
        }

        NativeFileSystem.FsyncDirectory(Folder);
        return true;
    }

    /// <summary>Removes temporary files a crash left behind (they never became entries).</summary>
    public void RemoveLeftovers()
    {
        if (Directory.Exists(Folder))
        {
            foreach (var temp in Directory.EnumerateFiles(Folder, ".tmp-*"))
            {
                File.Delete(temp);
            }
        }
    }
}
