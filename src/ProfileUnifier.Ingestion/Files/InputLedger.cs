using System.Globalization;
using System.IO.Hashing;
using ProfileUnifier.Lake.Groups;

namespace ProfileUnifier.Ingestion.Files;

/// <summary>
/// Which inputs the lake has read, and how far, known by content rather than by name. An input's id is a hash of its
/// first line (which appending never changes); a recorded position holds the bytes it spans and their hash. An input
/// whose content starts with a recorded prefix continues that input: nothing if it has no more content (the same file
/// again, under any name), the lines after the prefix if it grew. Two inputs with the same first line and different
/// content get ids of their own (<c>&lt;hash&gt;.1</c>, …). Positions of this run go in too (<see cref="Record"/>), so a
/// copy of a file read earlier in the same run is skipped even before the commit that records it.
/// </summary>
public sealed class InputLedger
{
    /// <summary>How much of the first line the id hashes: enough to tell inputs apart, bounded for a huge first line.</summary>
    public const int KeyBytes = 4096;

    private readonly Dictionary<string, InputPosition> _positions;

    public InputLedger(IReadOnlyDictionary<string, InputPosition> committed) =>
        _positions = new Dictionary<string, InputPosition>(committed, StringComparer.Ordinal);

    /// <summary>Notes how far this run has read an input (committed or not yet).</summary>
    public void Record(InputPosition position) => _positions[position.Id] = position;

    /// <summary>Where reading <paramref name="file"/> starts: its id, and the lines and bytes already in the lake.</summary>
    public InputStart Locate(InputFile file)
    {
        var first = FirstLineId(file);
        var candidates = _positions.Values
            .Where(p => p.Bytes is not null && p.Prefix is not null && (p.Id == first || p.Id.StartsWith(first + ".", StringComparison.Ordinal)))
            .OrderBy(p => p.Bytes)
            .ToList();
        if (candidates.Count > 0 && LongestPrefix(file, candidates) is ({ } match, var more))
        {
            return new InputStart(match.Id, match.Lines, match.Bytes!.Value, Whole: !more);
        }

        var id = first;
        for (var n = 1; _positions.ContainsKey(id); n++)
        {
            id = string.Create(CultureInfo.InvariantCulture, $"{first}.{n}");
        }

        // A position recorded before prefixes were (its id hashes the whole file): resume by lines.
        if (_positions.Values.Any(p => p.Bytes is null) && _positions.GetValueOrDefault(WholeContentId(file)) is { Bytes: null } legacy)
        {
            return new InputStart(id, legacy.Lines, null, Whole: legacy.Complete);
        }

        return new InputStart(id, 0, 0, Whole: false);
    }

    /// <summary>A prefix hash as a txn version (non-negative: readers of other engines may expect one).</summary>
    public static long PrefixValue(XxHash64 hash) => (long)(hash.GetCurrentHashAsUInt64() & long.MaxValue);

    /// <summary>The hash of the content's first line (its newline included; at most <see cref="KeyBytes"/>).</summary>
    private static string FirstLineId(InputFile file)
    {
        using var content = LineReader.OpenContent(file);
        var head = new byte[KeyBytes];
        var length = 0;
        int read;
        while (length < head.Length && (read = content.Read(head, length, head.Length - length)) > 0)
        {
            length += read;
        }

        var newline = head.AsSpan(0, length).IndexOf((byte)'\n');
        return Convert.ToHexStringLower(XxHash128.Hash(head.AsSpan(0, newline >= 0 ? newline + 1 : length)));
    }

    /// <summary>
    /// The longest recorded position whose bytes are a prefix of the content, and whether the content goes on after it;
    /// reads no further than the longest candidate (and a byte).
    /// </summary>
    private static (InputPosition? Match, bool More) LongestPrefix(InputFile file, List<InputPosition> byLength)
    {
        using var content = LineReader.OpenContent(file);
        var hash = new XxHash64();
        var buffer = new byte[1 << 16];
        long at = 0;
        InputPosition? match = null;
        var next = 0;
        while (true)
        {
            while (next < byLength.Count && byLength[next].Bytes == at)
            {
                if (PrefixValue(hash) == byLength[next].Prefix)
                {
                    match = byLength[next];
                }

                next++;
            }

            var want = next < byLength.Count ? (int)Math.Min(buffer.Length, byLength[next].Bytes!.Value - at) : 1;
            var read = content.Read(buffer, 0, want);
            if (read == 0 || next == byLength.Count)
            {
                return (match, match is not null && at + read > match.Bytes);
            }

            hash.Append(buffer.AsSpan(0, read));
            at += read;
        }
    }

    /// <summary>How inputs were known before prefixes: the hash of the whole file as stored.</summary>
    private static string WholeContentId(InputFile file)
    {
        var hash = new XxHash128();
        using var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        hash.Append(stream);
        return Convert.ToHexStringLower(hash.GetCurrentHash());
    }
}

/// <summary>
/// Where to start reading an input: under <paramref name="Id"/>, after <paramref name="Lines"/> lines that span
/// <paramref name="Bytes"/> bytes (null: a position recorded without them, skip by lines); nothing to read when
/// <paramref name="Whole"/>.
/// </summary>
public sealed record InputStart(string Id, long Lines, long? Bytes, bool Whole);
