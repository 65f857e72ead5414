using System.Text;
using System.Text.RegularExpressions;
using ProfileUnifier.Core.Validation;
using ProfileUnifier.Lake.Parquet;

namespace ProfileUnifier.Lake.Tables;

/// <summary>Rows of <c>rejected</c>: every line that is not an event, why, and where it came from.</summary>
public sealed partial class RejectedRows : TableBuffer
{
    /// <summary>How much of a rejected line is kept (in characters); raw_bytes says how long it was.</summary>
    public const int RawLimit = 2048;

    /// <summary>The bytes of a line that can reach <c>raw</c> (a character is at most four bytes of UTF-8): a checker need keep no more.</summary>
    public const int RawBytesKept = RawLimit * 4;

    private readonly StringColumn _reasonCode = new("reason_code", nullable: false);
    private readonly StringColumn _reason = new("reason", nullable: false);
    private readonly StringColumn _field = new("field");
    private readonly StringColumn _source = new("source", nullable: false);
    private readonly StringColumn _sourceKind = new("source_kind", nullable: false);
    private readonly StringColumn _file = new("file");
    private readonly NullableInt64Column _line = new("line");
    private readonly StringColumn _topic = new("topic");
    private readonly NullableInt32Column _partition = new("partition");
    private readonly NullableInt64Column _offset = new("offset");
    private readonly StringColumn _raw = new("raw", nullable: false);
    private readonly Int32Column _rawBytes = new("raw_bytes");
    private readonly TimestampColumn _at = new("at");
    private readonly Int64Column _txn = new("txn");

    protected internal override IReadOnlyList<ColumnBuffer> Columns =>
        [_reasonCode, _reason, _field, _source, _sourceKind, _file, _line, _topic, _partition, _offset, _raw, _rawBytes, _at, _txn];

    /// <param name="vault">In a pseudonymised lake: the line's text goes to the vault, its token to <c>raw</c>.</param>
    public void Add(Rejection rejection, SourcePosition position, ReadOnlySpan<byte> raw, DateTime at, long txn, Privacy.IdentifierVault? vault = null) =>
        Add(rejection, position, raw, raw.Length, at, txn, vault);

    /// <param name="rawStart">The line's first <see cref="RawBytesKept"/> bytes or more (all of it when shorter).</param>
    /// <param name="rawBytes">The whole line's length.</param>
    public void Add(Rejection rejection, SourcePosition position, ReadOnlySpan<byte> rawStart, int rawBytes, DateTime at, long txn,
        Privacy.IdentifierVault? vault = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rawStart.Length, Math.Min(rawBytes, RawBytesKept), nameof(rawStart));
        _reasonCode.Add(rejection.Code.SnakeName());
        // A reason quotes the value it refused ('ivan@@romashka.ru': …): in a pseudonymised lake the quote goes.
        _reason.Add(vault is null ? rejection.Reason : Quoted().Replace(rejection.Reason, "'[pseudonymised]'"));
        _field.Add(rejection.Field.Length == 0 ? null : rejection.Field);
        _source.Add(position.ToString());
        _sourceKind.Add(position.Kind);
        _file.Add(position.File);
        _line.Add(position.Line);
        _topic.Add(position.Topic);
        _partition.Add(position.Partition);
        _offset.Add(position.Offset);
        _raw.Add(vault is null ? Truncate(rawStart) : vault.Protect(Privacy.IdentifierVault.RejectedLine, Truncate(rawStart)));
        _rawBytes.Add(rawBytes);
        _at.Add(at);
        _txn.Add(txn);
    }

    /// <summary>The start of the line as text; bytes that are not UTF-8 become U+FFFD.</summary>
    private static string Truncate(ReadOnlySpan<byte> raw)
    {
        var text = Encoding.UTF8.GetString(raw[..Math.Min(raw.Length, RawBytesKept)]);
        return text.Length <= RawLimit ? text : text[..RawLimit];
    }

    [GeneratedRegex("'[^']*'")]
    private static partial Regex Quoted();
}
