using System.Text;

namespace ProfileUnifier.Testing;

/// <summary>What a fuzzed line had done to it.</summary>
public enum Mutation
{
    None,
    Truncated,
    BitFlips,
    InvalidUtf8,
    HugeNumber,
    HugeString,
    DeepNesting,
    DuplicateKey,
    NulBytes,
    Spliced,
    HugeLine,
}

/// <summary>
/// Hostile input for the fuzzing tests (issue 15, item 8): good lines of a generated data set, mutated as a broken producer, a
/// bad disk or an attacker would, reproducibly from a seed. A mutated line never holds a newline (it stays one line, so the
/// count of lines read is known exactly) and is never empty.
/// </summary>
public sealed class LineFuzzer(IReadOnlyList<byte[]> good, int seed)
{
    private static readonly Mutation[] Kinds = [.. Enum.GetValues<Mutation>().Where(m => m != Mutation.HugeLine)];
    private readonly Random _random = new(seed);

    /// <summary>
    /// The producer's <c>message.max.bytes</c> default less room for the key and the record's framing: the value replaced
    /// is dropped, so a line made with a string this much shorter stays under it.
    /// </summary>
    private const int MaxKafkaMessageBytes = 1_000_000 - 1_024;

    /// <summary>A bad continuation, bytes that never occur in UTF-8, an encoded surrogate, an over-long five-byte start.</summary>
    private static readonly byte[] BadUtf8 = [0xC3, 0x28, 0xFF, 0xFE, 0xED, 0xA0, 0x80, 0xF8, 0x88];

    /// <summary>The <paramref name="count"/> lines, with <paramref name="hugeLines"/> lines of 10 MB among them (at random places).</summary>
    public List<(Mutation Kind, byte[] Line)> Lines(int count, int hugeLines = 0)
    {
        var lines = new List<(Mutation, byte[])>(count);
        for (var i = 0; i < count - hugeLines; i++)
        {
            var kind = Kinds[_random.Next(Kinds.Length)];
            lines.Add((kind, Mutate(kind, good[_random.Next(good.Count)])));
        }

        for (var i = 0; i < hugeLines; i++)
        {
            lines.Insert(_random.Next(lines.Count + 1), (Mutation.HugeLine, Mutate(Mutation.HugeLine, good[_random.Next(good.Count)])));
        }

        return lines;
    }

    public byte[] Mutate(Mutation kind, byte[] line)
    {
        var mutated = kind switch
        {
            Mutation.None => line,
            Mutation.Truncated => line[.._random.Next(1, line.Length)],
            Mutation.BitFlips => FlipBits(line),
            Mutation.InvalidUtf8 => Insert(line, BadUtf8[_random.Next(1, BadUtf8.Length)..]),
            Mutation.HugeNumber => ReplaceValue(line, _random.Next(3) switch
            {
                0 => new string('9', _random.Next(20, 5_000)),
                1 => "-1e" + _random.Next(300, 100_000),
                _ => "1" + new string('0', 400) + ".5e-99999",
            }),
            Mutation.HugeString => ReplaceValue(line, HugeString(line.Length)),
            Mutation.DeepNesting => ReplaceValue(line, Nested(_random.Next(50, 5_000))),
            Mutation.DuplicateKey => DuplicateKey(line),
            Mutation.NulBytes => Insert(line, [.. Enumerable.Repeat((byte)0, _random.Next(1, 4))]),
            Mutation.Spliced => Splice(line, good[_random.Next(good.Count)]),
            Mutation.HugeLine => ReplaceValue(line, "\"" + new string('x', 10 * 1024 * 1024) + "\""),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };

        // One line stays one line: a newline inside would split it, and the test's count of lines would be off.
        for (var i = 0; i < mutated.Length; i++)
        {
            if (mutated[i] == (byte)'\n')
            {
                mutated[i] = (byte)' ';
            }
        }

        return mutated.Length == 0 ? [(byte)'{'] : mutated;
    }

    /// <summary>
    /// A quoted string of one letter: mostly tens of kilobytes, one in fifty close to the 1 MiB line limit, but never making
    /// the line longer than a Kafka message may be (the same lines go to <c>run</c>, and a producer refuses a larger one).
    /// </summary>
    private string HugeString(int lineLength)
    {
        var letter = (char)('a' + _random.Next(26));
        var length = _random.Next(50) == 0 ? _random.Next(100_000, 900_000) : _random.Next(1_000, 20_000);
        return "\"" + new string(letter, Math.Min(length, MaxKafkaMessageBytes - lineLength - 2)) + "\"";
    }

    private byte[] FlipBits(byte[] line)
    {
        var copy = (byte[])line.Clone();
        for (var flips = _random.Next(1, 4); flips > 0; flips--)
        {
            copy[_random.Next(copy.Length)] ^= (byte)(1 << _random.Next(8));
        }

        return copy;
    }

    private byte[] Splice(byte[] line, byte[] other) => [.. line[.._random.Next(1, line.Length)], .. other[_random.Next(other.Length)..]];

    private byte[] Insert(byte[] line, byte[] bytes)
    {
        var at = _random.Next(line.Length + 1);
        return [.. line[..at], .. bytes, .. line[at..]];
    }

    /// <summary>The value of a random property replaced (the text after a random ':' up to the next ',' or '}').</summary>
    private byte[] ReplaceValue(byte[] line, string value)
    {
        var colons = Enumerable.Range(0, line.Length).Where(i => line[i] == (byte)':').ToList();
        if (colons.Count == 0)
        {
            return [.. line, .. Encoding.UTF8.GetBytes(value)];
        }

        var start = colons[_random.Next(colons.Count)] + 1;
        var end = start;
        while (end < line.Length && line[end] != (byte)',' && line[end] != (byte)'}')
        {
            end++;
        }

        return [.. line[..start], .. Encoding.UTF8.GetBytes(value), .. line[end..]];
    }

    private static string Nested(int depth) => new StringBuilder(depth * 6 + 1)
        .Insert(0, "{\"a\":", depth).Append('1').Append('}', depth).ToString();

    /// <summary>The first property written again after the object's opening brace, with another value (which one wins?).</summary>
    private byte[] DuplicateKey(byte[] line)
    {
        var text = Encoding.UTF8.GetString(line);
        var key = _random.Next(4) switch { 0 => "event_id", 1 => "source", 2 => "occurred_at", _ => "type" };
        var value = _random.Next(2) == 0 ? "\"dup-" + _random.Next(1_000) + "\"" : "null";
        return text.StartsWith('{') ? Encoding.UTF8.GetBytes("{\"" + key + "\":" + value + "," + text[1..]) : line;
    }
}
