using System.IO.Compression;
using System.Text;
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

        using var reader = LineReader.Open(InputDiscovery.Identify(path), 1024);

        Assert.Equal(["one", "two"], ReadAll(reader).Select(l => l.Text));
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
