using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ProfileUnifier.Ingestion.Files;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Ingestion.Tests;

public sealed class LineReaderTests
{
    [Theory]
    [InlineData("a\nb\nc\n", new[] { "a", "b", "c" })]
    [InlineData("a\nb\nc", new[] { "a", "b", "c" })]
    [InlineData("a\r\nb\r\n", new[] { "a", "b" })]
    [InlineData("\uFEFFa\nb", new[] { "a", "b" })]
    [InlineData("a\n\n\nb\n", new[] { "a", "", "", "b" })]
    [InlineData("", new string[0])]
    [InlineData("\n", new[] { "" })]
    public void TryRead_SplitsOnNewlines(string text, string[] expected)
    {
        using var reader = new LineReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), 1024);

        Assert.Equal(expected, ReadAll(reader).Select(l => l.Text));
    }

    [Fact]
    public void TryRead_LineOverTheLimit_IsCutWithItsRealLength()
    {
        var text = "short\n" + new string('x', 5_000_000) + "\nafter\n";
        using var reader = new LineReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), 1024);

        var lines = ReadAll(reader);

        Assert.Equal(["short", new string('x', 1025), "after"], lines.Select(l => l.Text));
        Assert.Equal(5_000_000, lines[1].Length);
    }

    [Fact]
    public void TryRead_LinesAcrossBufferBoundaries_AreWhole()
    {
        var expected = Enumerable.Range(0, 50_000).Select(i => $"line-{i}-{new string('y', i % 97)}").ToArray();
        using var reader = new LineReader(new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', expected))), 1 << 20);

        Assert.Equal(expected, ReadAll(reader).Select(l => l.Text));
    }

    [Fact]
    public void Open_GzipFile_IsDecompressed()
    {
        using var folder = new TempFolder();
        var path = folder["events.ndjson.gz"];
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            gz.Write("one\ntwo\n"u8);
        }

        using var reader = LineReader.Open(InputFile.At(path), 1024);

        Assert.Equal(["one", "two"], ReadAll(reader).Select(l => l.Text));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void InputBytesRead_PlainOrGzipFile_GrowsToTheFileSize(bool gzip)
    {
        using var folder = new TempFolder();
        var path = folder[gzip ? "events.ndjson.gz" : "events.ndjson"];
        var text = string.Concat(Enumerable.Range(0, 200_000).Select(i => $"{{\"line\":{i}}}\n"));
        using (var file = File.Create(path))
        using (var output = gzip ? new GZipStream(file, CompressionLevel.Fastest) : (Stream)file)
        {
            output.Write(Encoding.UTF8.GetBytes(text));
        }

        var input = InputFile.At(path);
        using var reader = LineReader.Open(input, 1024);
        var seen = new List<long>();
        while (reader.TryRead(out _))
        {
            seen.Add(reader.InputBytesRead);
        }

        // Of the file on disk (so of the compressed bytes for a .gz), never back, and all of it at the end.
        Assert.Equal(200_000, seen.Count);
        Assert.Equal(seen.Order(), seen);
        Assert.True(seen[0] < input.Bytes, $"first {seen[0]} of {input.Bytes}");
        Assert.Equal(input.Bytes, reader.InputBytesRead);
        Assert.Equal(Encoding.UTF8.GetByteCount(text), reader.Position);
    }

    /// <summary>
    /// After every line the reader knows how far into the content it is and the hash of everything up to there — what an
    /// ingest records to resume a file that grew — whatever the terminators, a BOM or lines over the limit; and skipping
    /// that many bytes, then reading on, gives the same lines as reading straight through (a last line with no newline
    /// again: it is not consumed).
    /// </summary>
    [Property(MaxTest = 200)]
    public Property Position_AfterEachLine_IsTheConsumedBytesAndTheirHash(NonEmptyArray<NonNegativeInt> lengths, bool bom, bool crlf, bool endsWithNewline,
        PositiveInt cutAt)
    {
        var text = new MemoryStream();
        if (bom)
        {
            text.Write([0xEF, 0xBB, 0xBF]);
        }

        for (var i = 0; i < lengths.Get.Length; i++)
        {
            text.Write(Encoding.ASCII.GetBytes(new string((char)('a' + (i % 26)), lengths.Get[i].Get % 3000)));
            if (i < lengths.Get.Length - 1 || endsWithNewline)
            {
                text.Write(crlf ? "\r\n"u8 : "\n"u8);
            }
        }

        var content = text.ToArray();
        using var reader = new LineReader(new MemoryStream(content), maxLineBytes: 1024);
        var ends = new List<long>();
        var lines = new List<string>();
        var consistent = true;
        while (reader.TryRead(out var line))
        {
            lines.Add(Encoding.ASCII.GetString(line.Bytes));
            ends.Add(reader.Position);
            consistent &= reader.Prefix.GetCurrentHashAsUInt64() == XxHash64.HashToUInt64(content.AsSpan(0, (int)reader.Position));
        }

        if (ends.Count == 0)
        {
            return (content.Length == 0).Label("no lines in non-empty content");
        }

        var k = cutAt.Get % ends.Count;
        using var resumed = new LineReader(new MemoryStream(content), maxLineBytes: 1024);
        resumed.Skip(ends[k]);
        var rest = new List<string>();
        while (resumed.TryRead(out var line))
        {
            rest.Add(Encoding.ASCII.GetString(line.Bytes));
        }

        // A last line with no newline is not consumed (the input may be still being written): a resume reads it again.
        // One over the limit is, as it streamed (it is rejected as too long either way).
        var tail = endsWithNewline ? 0 : (lengths.Get[^1].Get % 3000) + (bom && lengths.Get.Length == 1 ? 3 : 0);
        var unconsumed = tail is > 0 and <= 1024 ? tail : 0;
        var consumed = content.Length - unconsumed;
        var expectedRest = unconsumed > 0 && k == ends.Count - 1 ? [lines[^1]] : lines.Skip(k + 1);
        return (consistent && ends[^1] == consumed && rest.SequenceEqual(expectedRest) &&
                resumed.Prefix.GetCurrentHashAsUInt64() == XxHash64.HashToUInt64(content.AsSpan(0, consumed)))
            .Label($"{lines.Count} lines, ends {string.Join(",", ends)}, resumed after line {k + 1}: {rest.Count} lines");
    }

    private static List<(string Text, long Length)> ReadAll(LineReader reader)
    {
        var lines = new List<(string, long)>();
        while (reader.TryRead(out var line))
        {
            lines.Add((Encoding.UTF8.GetString(line.Bytes), line.Length));
        }

        return lines;
    }
}
