using System.Text;
using ProfileUnifier.Core.Validation;

namespace ProfileUnifier.Core.Tests.Validation;

public sealed class Utf8ArenaTests
{
    /// <summary>Copies across several blocks of the arena, short and long: each keeps its own text.</summary>
    [Fact]
    public void Copy_ManyValuesAcrossBlocks_EachKeepsItsText()
    {
        var texts = Enumerable.Range(0, 5_000).Select(i => i % 97 == 0 ? new string('x', 300 + i % 7) + i : $"event-{i:D6}-Москва").ToList();
        var line = new byte[1024];

        var copies = texts.Select(text =>
        {
            var length = Encoding.UTF8.GetBytes(text, line);
            var copy = Utf8Arena.Copy(line.AsSpan(0, length));
            // The source is reused (a line buffer): the copy must not be it.
            line.AsSpan(0, length).Fill((byte)'#');
            return copy;
        }).ToList();

        Assert.Equal(texts, copies.Select(c => c.ToString()));
    }
}
