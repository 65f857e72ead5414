using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Lake.Tests.Tables;

public sealed class SourcePositionTests
{
    [Property(MaxTest = 300)]
    public Property TryFormat_AnyPosition_SameTextAsToString() =>
        Prop.ForAll(Arb.From(Positions()), position =>
        {
            var utf8 = new byte[1024];
            return position.TryFormat(utf8, out var written, default, null)
                && Encoding.UTF8.GetString(utf8, 0, written) == position.ToString();
        });

    private static Gen<SourcePosition> Positions()
    {
        var text = Gen.Elements("events.ndjson", "/data/ёжик/2026-11.ndjson", "", "events.web", "a:b/c");
        var number = Gen.Elements<long?>(null, 0, 1, 42, long.MaxValue);
        var partition = Gen.Elements<int?>(null, 0, 5, int.MaxValue);
        return from kind in Gen.Elements("file", "kafka")
               from file in text.Select(t => (string?)t)
               from line in number
               from topic in text.Select(t => (string?)t)
               from p in partition
               from offset in number
               select new SourcePosition(kind, file, line, topic, p, offset);
    }
}
