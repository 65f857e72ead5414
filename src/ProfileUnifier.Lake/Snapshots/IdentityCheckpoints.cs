using System.Globalization;
using ProfileUnifier.Lake.Storage;

namespace ProfileUnifier.Lake.Snapshots;

/// <summary>
/// The identity engine's state as of a batch, under <c>_identity/state-&lt;batch&gt;.bin</c>: written whole under a
/// temporary name, then published put-if-absent, so a file of that name is always complete. A writer starts from
/// the newest one at or below the lake's batch and replays only the touchpoints after it. Each carries the
/// fingerprint of the identity rules it was built under; under other rules it is not used (history is replayed).
/// What grows with every event is not in it: it lists the sorted runs (<see cref="RunFiles{T}"/>) it stands on, and
/// a run no kept checkpoint lists is deleted.
/// </summary>
public sealed class IdentityCheckpoints(string root, ILakeFileSystem fs)
{
    public const string FolderName = "_identity";
    private const string Magic = "profileunifier.identity-checkpoint.2";
    private const int Keep = 2;

    public string Folder { get; } = Path.Combine(root, FolderName);

    /// <summary>Batches that have a checkpoint, newest first.</summary>
    public IReadOnlyList<long> Batches() =>
        [.. fs.ListFiles(Folder, "state-*.bin")
            .Select(n => long.TryParse(n.AsSpan(6, n.Length - 10), NumberStyles.None, CultureInfo.InvariantCulture, out var b) ? b : -1)
            .Where(b => b >= 0).OrderDescending()];

    /// <summary>Writes the state of <paramref name="batch"/>, standing on <paramref name="runs"/> (written and flushed before).</summary>
    public async Task SaveAsync(long batch, string fingerprint, IReadOnlyList<string> runs, Action<BinaryWriter> write, CancellationToken ct)
    {
        fs.CreateDirectory(Folder);
        var temp = Path.Combine(Folder, $".{Guid.NewGuid():N}.tmp");
        await using (var stream = fs.CreateNew(temp))
        {
            var buffered = new BufferedStream(stream, 1 << 20);
            using (var writer = new BinaryWriter(buffered, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(fingerprint);
                writer.Write(batch);
                writer.Write(runs.Count);
                foreach (var run in runs)
                {
                    writer.Write(run);
                }

                write(writer);
                writer.Write(Magic);
            }

            await buffered.FlushAsync(ct);
            stream.FlushToDisk();
        }

        ct.ThrowIfCancellationRequested();
        if (fs.TryPublish(temp, Path.Combine(Folder, Name(batch))))
        {
            fs.SyncDirectory(Folder);
        }

        // The newest few of these rules stay; older ones go, and so does every one made under other rules or before an
        // erasure (its fingerprint differs): it would not be used, and it may hold an erased person's identifiers.
        // (Newer ones stay: this writer may be the one that is behind.)
        var older = 0;
        foreach (var other in Batches().Where(b => b < batch))
        {
            if (HeaderOf(other)?.Fingerprint != fingerprint || ++older >= Keep)
            {
                fs.Delete(Path.Combine(Folder, Name(other)));
            }
        }

        // Runs no kept checkpoint stands on: replaced by a merge, or left by a writer that stopped before its checkpoint.
        var listed = Batches().SelectMany(b => HeaderOf(b)?.Runs ?? []).ToHashSet(StringComparer.Ordinal);
        foreach (var run in fs.ListFiles(Folder, "*" + RunFiles<byte>.Extension).Where(r => !listed.Contains(r)))
        {
            fs.Delete(Path.Combine(Folder, run));
        }
    }

    /// <summary>What a checkpoint was made under and the runs it stands on (null when it does not read).</summary>
    private (string Fingerprint, IReadOnlyList<string> Runs)? HeaderOf(long batch)
    {
        try
        {
            using var reader = new BinaryReader(fs.OpenRead(Path.Combine(Folder, Name(batch))), System.Text.Encoding.UTF8);
            return reader.ReadString() == Magic ? (reader.ReadString(), reader.ReadInt64() == batch ? ReadRuns(reader) : []) : null;
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException)
        {
            return null;
        }
    }

    private static string[] ReadRuns(BinaryReader reader)
    {
        var runs = new string[reader.ReadInt32()];
        for (var i = 0; i < runs.Length; i++)
        {
            runs[i] = reader.ReadString();
        }

        return runs;
    }

    /// <summary>
    /// Reads the newest checkpoint at or below <paramref name="atMost"/> made under <paramref name="fingerprint"/>;
    /// null when there is none (or it does not read back whole).
    /// </summary>
    public (long Batch, T State)? Load<T>(long atMost, string fingerprint, Func<BinaryReader, IReadOnlyList<string>, T> read,
        Action<string>? skipped = null)
    {
        foreach (var batch in Batches().Where(b => b <= atMost))
        {
            try
            {
                using var stream = new BufferedStream(fs.OpenRead(Path.Combine(Folder, Name(batch))), 1 << 20);
                using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8);
                if (reader.ReadString() != Magic)
                {
                    skipped?.Invoke($"{Name(batch)} is of an older format");
                    continue;
                }

                if (reader.ReadString() != fingerprint || reader.ReadInt64() != batch)
                {
                    skipped?.Invoke($"{Name(batch)} was made under other identity rules");
                    continue;
                }

                var state = read(reader, ReadRuns(reader));
                if (reader.ReadString() != Magic)
                {
                    throw new InvalidDataException("cut short");
                }

                return (batch, state);
            }
            catch (Exception ex) when (ex is EndOfStreamException or InvalidDataException or IOException)
            {
                skipped?.Invoke($"{Name(batch)} is unreadable ({ex.Message})");
            }
        }

        return null;
    }

    public static string Name(long batch) => $"state-{batch.ToString("D20", CultureInfo.InvariantCulture)}.bin";
}
