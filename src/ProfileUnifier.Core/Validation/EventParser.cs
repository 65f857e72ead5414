using System.Text.Json;
using System.Text.Unicode;
using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Text;
using static ProfileUnifier.Core.Validation.JsonFields;
using static ProfileUnifier.Core.Validation.RejectedException;

namespace ProfileUnifier.Core.Validation;

/// <summary>
/// The hot-path validator: one pass of <see cref="Utf8JsonReader"/> over a line's UTF-8 bytes, checking
/// exactly what schemas/*.schema.json state (a differential test holds the two together) and returning
/// either the typed event or the first problem found, with its field.
/// </summary>
public sealed class EventParser
{
    public const int DefaultMaxLineBytes = 1 << 20;
    public const int MaxDepth = 64;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = MaxDepth };

    private readonly int _maxLineBytes;

    public EventParser(int maxLineBytes = DefaultMaxLineBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 64);
        _maxLineBytes = maxLineBytes;
    }

    public ParseResult Parse(ReadOnlySpan<byte> line) => Parse(line, inlineProperties: true);

    /// <summary>The check, the properties read where they stand or (for the tests that hold the two together) last.</summary>
    internal ParseResult Parse(ReadOnlySpan<byte> line, bool inlineProperties)
    {
        if (line.Length > _maxLineBytes)
        {
            return ParseResult.Reject(RejectionCode.LineTooLong, "", $"line is {line.Length} bytes; the limit is {_maxLineBytes}");
        }

        if (line.Trim(" \t\r\n"u8).IsEmpty)
        {
            return ParseResult.Reject(RejectionCode.EmptyLine, "", "empty line");
        }

        if (!Utf8.IsValid(line))
        {
            return ParseResult.Reject(RejectionCode.InvalidUtf8, "", $"not valid UTF-8 (first bad byte at offset {FirstInvalidUtf8(line)})");
        }

        try
        {
            return ParseResult.Accept(ParseEnvelope(line, inlineProperties));
        }
        catch (RejectedException ex)
        {
            // A semantic complaint about a line that is not even JSON would mislead: say it is not JSON.
            return SyntaxError(line) is { } syntax ? new ParseResult(null, syntax) : new ParseResult(null, ex.Rejection);
        }
        catch (JsonException ex)
        {
            return new ParseResult(null, InvalidJson(ex));
        }
        catch (InvalidOperationException ex)
        {
            // GetString on an escaped lone surrogate (e.g. "\ud800") lands here.
            return ParseResult.Reject(RejectionCode.InvalidJson, "", $"invalid JSON string: {ex.Message}");
        }
    }

    /// <param name="inlineProperties">
    /// Whether the properties are read where they stand when the source and type came before them (as senders write
    /// them): one pass over the line instead of a skip and a second reader. Should they fail, the line is read again
    /// with the properties last, so the envelope's problems come first as before and every rejection is the same.
    /// </param>
    private static IncomingEvent ParseEnvelope(ReadOnlySpan<byte> line, bool inlineProperties)
    {
        var r = new Utf8JsonReader(line, ReaderOptions);
        r.Read();
        if (r.TokenType != JsonTokenType.StartObject)
        {
            throw Of(RejectionCode.NotAnObject, "", $"expected a JSON object, got {Describe(r.TokenType)}");
        }

        Utf8Text eventId = default;
        string? typeName = null;
        EventSource? source = null;
        DateTimeOffset? occurredAt = null;
        var identifiers = RawIdentifiers.None;
        AccountBlock? account = null;
        Traits? traits = null;
        Range properties = default;
        EventProperties? readProperties = null;
        // The catalogue's type, once looked up for properties read in place.
        string? type = null;
        var seen = 0;

        while (r.Read() && r.TokenType != JsonTokenType.EndObject)
        {
            var field = IndexOfName(ref r, EnvelopeNamesUtf8);
            var name = field < 0 ? r.GetString()! : EnvelopeNames[field];
            if (field < 0)
            {
                throw Of(RejectionCode.UnknownField, Shorten(name), $"not an envelope field (expected {string.Join(", ", EnvelopeNames)})");
            }

            if ((seen & (1 << field)) != 0)
            {
                throw Of(RejectionCode.DuplicateField, name, "appears more than once");
            }

            seen |= 1 << field;
            r.Read();
            switch (field)
            {
                case 0:
                    eventId = Utf8String(ref r, "event_id", 128, Chars.NoControl, minLength: 1);
                    break;
                case 1:
                    source = ReadSource(ref r);
                    break;
                case 2:
                    typeName = ReadType(ref r);
                    break;
                case 3:
                    occurredAt = Timestamp(ref r, "occurred_at");
                    break;
                case 4:
                    identifiers = ReadIdentifiers(ref r);
                    break;
                case 5:
                    account = ReadAccount(ref r);
                    break;
                case 6:
                    traits = ReadTraits(ref r, line);
                    break;
                default:
                    ExpectObject(ref r, "properties");
                    if (inlineProperties && source is { } knownSource && typeName is not null
                        && EventCatalog.FindType(knownSource, typeName) is { } knownType)
                    {
                        type = knownType;
                        if (!TryReadProperties(ref r, line, knownType, out readProperties))
                        {
                            return ParseEnvelope(line, inlineProperties: false);
                        }

                        break;
                    }

                    var start = (int)r.TokenStartIndex;
                    r.Skip();
                    properties = new Range(start, (int)r.TokenStartIndex + 1);
                    break;
            }
        }

        // Anything after the object (other than white space) makes the reader throw here.
        r.Read();

        for (var i = 0; i < 4; i++)
        {
            if ((seen & (1 << i)) == 0)
            {
                throw Of(RejectionCode.MissingField, EnvelopeNames[i], "missing required field");
            }
        }

        type ??= EventCatalog.FindType(source!.Value, typeName!) ?? throw Of(RejectionCode.UnknownType, "type",
            $"'{Shorten(typeName!)}' is not a {source.Value.WireName()} event type (expected {string.Join(", ", EventCatalog.TypesOf(source.Value))})");

        var props = readProperties ?? (properties.Equals(default(Range))
            ? RequireNoProperties(type)
            : PropertiesParser.Parse(line[properties], type));

        return new IncomingEvent(eventId, source!.Value, type, occurredAt!.Value)
        {
            Identifiers = identifiers,
            Account = account,
            Traits = traits,
            Properties = props,
        };
    }

    /// <summary>The properties read in the envelope's pass; false, the reader spent, when they are not accepted.</summary>
    private static bool TryReadProperties(ref Utf8JsonReader r, ReadOnlySpan<byte> line, string type, out EventProperties? properties)
    {
        try
        {
            properties = PropertiesParser.Read(ref r, line, type);
            return true;
        }
        catch (Exception ex) when (ex is RejectedException or JsonException or InvalidOperationException)
        {
            properties = null;
            return false;
        }
    }

    private static readonly string[] EnvelopeNames =
        ["event_id", "source", "type", "occurred_at", "identifiers", "account", "traits", "properties"];

    private static readonly byte[][] EnvelopeNamesUtf8 = Utf8Names(EnvelopeNames);

    private static readonly byte[][] SourceNames = Utf8Names(EventSources.All.Select(s => s.WireName()));

    private static EventSource ReadSource(ref Utf8JsonReader r)
    {
        if (r.TokenType == JsonTokenType.String && IndexOfName(ref r, SourceNames) is var index and >= 0)
        {
            return EventSources.All[index];
        }

        var shown = r.TokenType == JsonTokenType.String ? $"'{Shorten(r.GetString()!)}'" : Describe(r.TokenType);
        throw Of(RejectionCode.UnknownSource, "source", $"{shown} is not a source (expected {EventSources.ListNames()})");
    }

    // Every type of the catalogue (the same string instances), to take a known one without decoding it.
    private static readonly string[] TypeNames = [.. EventSources.All.SelectMany(EventCatalog.TypesOf).Distinct()];
    private static readonly byte[][] TypeNamesUtf8 = Utf8Names(TypeNames);

    /// <summary>The type as sent; whether the source has it is checked once the whole envelope is read.</summary>
    private static string ReadType(ref Utf8JsonReader r) =>
        r.TokenType == JsonTokenType.String && IndexOfName(ref r, TypeNamesUtf8) is var index and >= 0
            ? TypeNames[index]
            : String(ref r, "type", int.MaxValue, Chars.Text)!;

    internal static DateTimeOffset Timestamp(ref Utf8JsonReader r, string path)
    {
        // Parsed from the stack: a timestamp need not become a string unless it is rejected.
        Span<char> buffer = stackalloc char[64];
        scoped ReadOnlySpan<char> text;
        if (TryDecodeShort(ref r, buffer, out var length))
        {
            text = buffer[..length];
            CheckString(text, path, int.MaxValue, Chars.NoControl);
        }
        else
        {
            text = String(ref r, path, int.MaxValue, Chars.NoControl);
        }

        if (!Rfc3339.TryParseDateTime(text, out var value, out var error))
        {
            throw Of(RejectionCode.InvalidValue, path, $"'{Shorten(text.ToString())}': {error}");
        }

        return value;
    }

    private static readonly string[] IdentifierNames = ["email", "phone", "anonymous_id", "user_id", "crm_contact_id", "social"];
    private static readonly byte[][] IdentifierNamesUtf8 = Utf8Names(IdentifierNames);
    private static readonly string[] IdentifierPaths = [.. IdentifierNames.Select(n => "identifiers." + n)];

    private static RawIdentifiers ReadIdentifiers(ref Utf8JsonReader r)
    {
        ExpectObject(ref r, "identifiers");
        string? email = null, phone = null, anonymousId = null, userId = null, crmContactId = null, social = null;
        var seen = 0;
        while (r.Read() && r.TokenType != JsonTokenType.EndObject)
        {
            var index = IndexOfName(ref r, IdentifierNamesUtf8);
            if (index < 0)
            {
                throw Of(RejectionCode.UnknownField, Join("identifiers", r.GetString()!),
                    $"not an identifier type (expected {string.Join(", ", IdentifierNames)})");
            }

            var path = IdentifierPaths[index];
            if ((seen & (1 << index)) != 0)
            {
                throw Of(RejectionCode.DuplicateField, path, "appears more than once");
            }

            seen |= 1 << index;
            r.Read();
            var value = String(ref r, path, IdMax, Chars.NoControl, nullable: true);
            switch (index)
            {
                case 0: email = value; break;
                case 1: phone = value; break;
                case 2: anonymousId = value; break;
                case 3: userId = value; break;
                case 4: crmContactId = value; break;
                default: social = value; break;
            }
        }

        return new RawIdentifiers
        {
            Email = email,
            Phone = phone,
            AnonymousId = anonymousId,
            UserId = userId,
            CrmContactId = crmContactId,
            Social = social,
        };
    }

    private static readonly string[] AccountNames = ["account_id", "inn", "domain", "name", "industry", "region", "employees"];
    private static readonly byte[][] AccountNamesUtf8 = Utf8Names(AccountNames);
    private static readonly string[] AccountPaths = [.. AccountNames.Select(n => "account." + n)];

    private static AccountBlock ReadAccount(ref Utf8JsonReader r)
    {
        ExpectObject(ref r, "account");
        string? accountId = null, inn = null, domain = null, name = null, industry = null, region = null;
        int? employees = null;
        var seen = 0;
        while (r.Read() && r.TokenType != JsonTokenType.EndObject)
        {
            var index = IndexOfName(ref r, AccountNamesUtf8);
            if (index < 0)
            {
                throw Of(RejectionCode.UnknownField, Join("account", r.GetString()!),
                    $"not an account field (expected {string.Join(", ", AccountNames)})");
            }

            var path = AccountPaths[index];
            if ((seen & (1 << index)) != 0)
            {
                throw Of(RejectionCode.DuplicateField, path, "appears more than once");
            }

            seen |= 1 << index;
            r.Read();
            switch (index)
            {
                case 0: accountId = String(ref r, path, IdMax, Chars.NoControl, nullable: true, repeats: true); break;
                case 1: inn = String(ref r, path, IdMax, Chars.NoControl, nullable: true, repeats: true); break;
                case 2: domain = String(ref r, path, IdMax, Chars.NoControl, nullable: true, repeats: true); break;
                case 3: name = String(ref r, path, NameMax, Chars.Text, nullable: true, repeats: true); break;
                case 4: industry = String(ref r, path, NameMax, Chars.Text, nullable: true, repeats: true); break;
                case 5: region = String(ref r, path, NameMax, Chars.Text, nullable: true, repeats: true); break;
                default:
                    if (r.TokenType != JsonTokenType.Null)
                    {
                        employees = Integer(ref r, path, 0, 10_000_000);
                    }

                    break;
            }
        }

        return new AccountBlock
        {
            AccountId = accountId,
            Inn = inn,
            Domain = domain,
            Name = name,
            Industry = industry,
            Region = region,
            Employees = employees,
        };
    }

    private static readonly byte[][] TraitNamesUtf8 = Utf8Names(["first_name", "last_name", "title", "role"]);
    private static readonly string[] TraitPaths = ["traits.first_name", "traits.last_name", "traits.title", "traits.role"];

    private static Traits ReadTraits(ref Utf8JsonReader r, ReadOnlySpan<byte> line)
    {
        ExpectObject(ref r, "traits");
        var start = (int)r.TokenStartIndex;
        string? firstName = null, lastName = null, title = null, role = null;
        var seenKnown = 0;
        var seenOthers = default(SeenNames);
        while (r.Read() && r.TokenType != JsonTokenType.EndObject)
        {
            // The four traits by bit; only other names need decoding (and a set, from the second one).
            var index = IndexOfName(ref r, TraitNamesUtf8);
            string? name = null;
            if (index >= 0)
            {
                if ((seenKnown & (1 << index)) != 0)
                {
                    throw Of(RejectionCode.DuplicateField, TraitPaths[index], "appears more than once");
                }

                seenKnown |= 1 << index;
            }
            else
            {
                name = PropertyName(ref r, "traits", ref seenOthers);
            }

            r.Read();
            switch (index)
            {
                case 0: firstName = String(ref r, TraitPaths[0], NameMax, Chars.Text, nullable: true, repeats: true); break;
                case 1: lastName = String(ref r, TraitPaths[1], NameMax, Chars.Text, nullable: true, repeats: true); break;
                case 2: title = String(ref r, TraitPaths[2], NameMax, Chars.Text, nullable: true, repeats: true); break;
                case 3: role = String(ref r, TraitPaths[3], NameMax, Chars.Text, nullable: true, repeats: true); break;
                default: FreeJson(ref r, Join("traits", name!)); break;
            }
        }

        return new Traits
        {
            FirstName = firstName,
            LastName = lastName,
            Title = title,
            Role = role,
            JsonUtf8 = RecentUtf8.Get(line[start..((int)r.TokenStartIndex + 1)]),
        };
    }

    private static EventProperties RequireNoProperties(string type) =>
        PropertiesParser.RequiresProperties(type)
            ? throw Of(RejectionCode.MissingField, "properties", $"{type} events need properties")
            : EventProperties.None;

    private static Rejection? SyntaxError(ReadOnlySpan<byte> line)
    {
        try
        {
            var r = new Utf8JsonReader(line, ReaderOptions);
            while (r.Read())
            {
                if ((r.TokenType is JsonTokenType.String or JsonTokenType.PropertyName) && r.ValueIsEscaped)
                {
                    // Surface escaped lone surrogates, which the tokenizer alone lets through (the line is valid UTF-8).
                    _ = r.GetString();
                }
            }

            return null;
        }
        catch (JsonException ex)
        {
            return InvalidJson(ex);
        }
        catch (InvalidOperationException ex)
        {
            return new Rejection(RejectionCode.InvalidJson, "", $"invalid JSON string: {ex.Message}");
        }
    }

    private static Rejection InvalidJson(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut];
        }

        var at = ex.BytePositionInLine is { } position ? $" (at byte {position})" : "";
        return new Rejection(RejectionCode.InvalidJson, "", $"invalid JSON: {message.TrimEnd('.', ' ')}{at}");
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> line)
    {
        var offset = 0;
        while (offset < line.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(line[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return -1;
    }
}
