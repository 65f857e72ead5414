using System.Runtime.InteropServices;
using System.Text;
using ProfileUnifier.Lake.Storage;

namespace ProfileUnifier.Lake.Snapshots;

/// <summary>
/// The identity state's sorted runs of one kind (accepted event ids, order reports) as files
/// <c>_identity/&lt;kind&gt;-&lt;guid&gt;.run</c>: a 64-byte header, then the records as they lie in memory. A checkpoint
/// writes the records taken since the last one as a new run and lists the runs it stands on; no run is ever rewritten,
/// so a checkpoint costs what the batches since the last one brought, not what the lake holds. Runs are merged
/// two at a time, the newest two while the older holds no more than twice the newer: a state stands on O(log n) runs
/// and a record is rewritten O(log n) times over its life. A run no kept checkpoint lists is deleted
/// (<see cref="IdentityCheckpoints"/>).
/// </summary>
public sealed class RunFiles<T>(ILakeFileSystem fs, string folder, string kind, Func<IReadOnlyList<ReadOnlyMemory<T>>, IEnumerable<T>> merge)
    where T : unmanaged
{
    public const string Extension = ".run";
    private const int HeaderBytes = 64;
    private static readonly byte[] Magic = "profileunifier.run.1\n"u8.ToArray();

    /// <summary>Maps the runs of this kind among <paramref name="names"/> (a checkpoint's list), in their order.</summary>
    public IReadOnlyList<MappedRun<T>> Open(IEnumerable<string> names) =>
        [.. names.Where(n => n.StartsWith(kind + "-", StringComparison.Ordinal)).Select(Map)];

    /// <summary>
    /// <paramref name="runs"/> and <paramref name="fresh"/> (the records taken since: runs sorted, one record per key) as
    /// the runs a new checkpoint lists: the fresh records merged into one run as they are written, then the newest runs
    /// merged while they are of a size.
    /// </summary>
    public async Task<IReadOnlyList<MappedRun<T>>> AppendAsync(IReadOnlyList<MappedRun<T>> runs, IReadOnlyList<ReadOnlyMemory<T>> fresh,
        CancellationToken ct)
    {
        var result = runs.ToList();
        if (fresh.Any(r => r.Length > 0))
        {
            result.Add(Map(await WriteAsync(fresh.Count == 1 ? MemoryMarshal.ToEnumerable(fresh[0]) : merge(fresh), ct)));
        }

        while (result.Count >= 2 && result[^2].Length <= 2L * result[^1].Length)
        {
            var name = await WriteAsync(merge([result[^2].Memory, result[^1].Memory]), ct);
            result.RemoveRange(result.Count - 2, 2);
            result.Add(Map(name));
        }

        return result;
    }

    private async Task<string> WriteAsync(IEnumerable<T> records, CancellationToken ct)
    {
        fs.CreateDirectory(folder);
        var name = $"{kind}-{Guid.NewGuid():N}{Extension}";
        // Written under its final name: until a checkpoint lists it (after it is flushed to disk), nothing reads it.
        await using (var stream = fs.CreateNew(Path.Combine(folder, name)))
        {
            var header = new byte[HeaderBytes];
            Magic.CopyTo(header, 0);
            BitConverter.TryWriteBytes(header.AsSpan(Magic.Length), Marshal.SizeOf<T>());
            await stream.WriteAsync(header, ct);
            var buffer = new T[8192];
            var bytes = new byte[buffer.Length * Marshal.SizeOf<T>()];
            var count = 0;
            foreach (var record in records)
            {
                buffer[count++] = record;
                if (count == buffer.Length)
                {
                    await stream.WriteAsync(Bytes(buffer, count, bytes), ct);
                    count = 0;
                }
            }

            await stream.WriteAsync(Bytes(buffer, count, bytes), ct);
            await stream.FlushAsync(ct);
            stream.FlushToDisk();
        }

        return name;
    }

    /// <summary>The first <paramref name="count"/> records as they lie in memory, copied into <paramref name="bytes"/>.</summary>
    private static ReadOnlyMemory<byte> Bytes(T[] records, int count, byte[] bytes)
    {
        var source = MemoryMarshal.AsBytes(records.AsSpan(0, count));
        source.CopyTo(bytes);
        return bytes.AsMemory(0, source.Length);
    }

    private MappedRun<T> Map(string name)
    {
        var path = Path.Combine(folder, name);
        var bytes = fs.Length(path);
        var header = new byte[HeaderBytes];
        using (var stream = fs.OpenRead(path))
        {
            stream.ReadExactly(header);
        }

        var size = Marshal.SizeOf<T>();
        if (!header.AsSpan(0, Magic.Length).SequenceEqual(Magic) || BitConverter.ToInt32(header, Magic.Length) != size ||
            (bytes - HeaderBytes) % size != 0)
        {
            throw new InvalidDataException($"{name} is not a run of {Encoding.ASCII.GetString(Magic).Trim()} records of {size} bytes");
        }

        return new MappedRun<T>(name, fs.MapRead(path), HeaderBytes, bytes);
    }
}
