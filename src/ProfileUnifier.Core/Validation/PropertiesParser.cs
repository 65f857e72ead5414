using System.Text.Json;
using System.Text.RegularExpressions;
using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Money;
using ProfileUnifier.Core.Text;
using static ProfileUnifier.Core.Validation.JsonFields;
using static ProfileUnifier.Core.Validation.RejectedException;

namespace ProfileUnifier.Core.Validation;

/// <summary>
/// Reads the <c>properties</c> object of one event type: the typed fields of schemas/&lt;source&gt;.schema.json
/// are checked and extracted; every other property is checked as free JSON and kept in the raw text.
/// </summary>
internal static partial class PropertiesParser
{
    private const string P = "properties";

    /// <summary>The property names some event type defines, in the order of <see cref="KnownNames"/>.</summary>
    private enum Known
    {
        OrderId, Amount, Currency, Margin, Discount, Url, Form, Feature, CampaignId, Direction, DurationSeconds,
        Outcome, Sentiment, Strategy, GrowthPlan, AnnualBudget, InvoiceId, DueDate, PaidAt, Criteria, Nps,
    }

    private static readonly string[] KnownNames =
    [
        "order_id", "amount", "currency", "margin", "discount", "url", "form", "feature", "campaign_id", "direction", "duration_s",
        "outcome", "sentiment", "strategy", "growth_plan", "annual_budget", "invoice_id", "due_date", "paid_at", "criteria", "nps",
    ];

    private static readonly byte[][] KnownNamesUtf8 = Utf8Names(KnownNames);
    private static readonly string[] KnownPaths = [.. KnownNames.Select(n => $"{P}.{n}")];

    private static readonly Dictionary<string, Known[]> Required = new(StringComparer.Ordinal)
    {
        ["page_view"] = [Known.Url],
        ["form_submitted"] = [Known.Form],
        ["feature_used"] = [Known.Feature],
        [EventCatalog.OrderCompleted] = [Known.OrderId, Known.Amount],
        ["call_completed"] = [Known.Direction, Known.DurationSeconds, Known.Outcome],
        [EventCatalog.InvoiceIssued] = [Known.InvoiceId, Known.Amount, Known.DueDate],
        [EventCatalog.PaymentReceived] = [Known.InvoiceId, Known.Amount],
        [EventCatalog.Assessment] = [Known.Criteria],
        [EventCatalog.Feedback] = [Known.Nps],
    };

    public static bool RequiresProperties(string type) => Required.ContainsKey(type);

    public static EventProperties Parse(ReadOnlySpan<byte> json, string type)
    {
        var r = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = EventParser.MaxDepth });
        r.Read();
        return Read(ref r, json, type);
    }

    /// <summary>
    /// Reads the properties object the reader stands at (its start) through its end, in the reader of the whole
    /// <paramref name="line"/>: the envelope's reader takes the properties in its one pass, not a skip and a second reader.
    /// </summary>
    public static EventProperties Read(ref Utf8JsonReader r, ReadOnlySpan<byte> line, string type)
    {
        var start = (int)r.TokenStartIndex;
        // Known names by bit; only other names need decoding (and a set, from the second one).
        var seenKnown = 0;
        var seenOthers = default(SeenNames);
        var props = default(Builder);
        while (r.Read() && r.TokenType != JsonTokenType.EndObject)
        {
            var index = IndexOfName(ref r, KnownNamesUtf8);
            string? name = null;
            if (index >= 0)
            {
                if ((seenKnown & (1 << index)) != 0)
                {
                    throw Of(RejectionCode.DuplicateField, KnownPaths[index], "appears more than once");
                }

                seenKnown |= 1 << index;
            }
            else
            {
                name = PropertyName(ref r, P, ref seenOthers);
            }

            r.Read();
            if (index < 0 || !ReadKnown(ref r, type, (Known)index, ref props))
            {
                FreeJson(ref r, index >= 0 ? KnownPaths[index] : Join(P, name!));
            }
        }

        if (Required.TryGetValue(type, out var required))
        {
            foreach (var field in required)
            {
                if ((seenKnown & (1 << (int)field)) == 0)
                {
                    throw Of(RejectionCode.MissingField, KnownPaths[(int)field], $"missing; {type} events need it");
                }
            }
        }

        return props.Build(RecentUtf8.Get(line[start..((int)r.TokenStartIndex + 1)]));
    }

    /// <summary>Reads a property the event type defines; false when the type does not define it.</summary>
    private static bool ReadKnown(ref Utf8JsonReader r, string type, Known name, ref Builder p)
    {
        var path = KnownPaths[(int)name];
        switch (type, name)
        {
            case (EventCatalog.OrderCompleted, Known.OrderId):
                p.OrderId = String(ref r, path, IdMax, Chars.NoControl, minLength: 1);
                return true;
            case (EventCatalog.OrderCompleted or EventCatalog.InvoiceIssued or EventCatalog.PaymentReceived, Known.Amount):
                p.Amount = Number(ref r, path, 0, MoneyMax);
                return true;
            case (EventCatalog.OrderCompleted, Known.Currency):
                var currency = String(ref r, path, int.MaxValue, Chars.Text, repeats: true)!;
                p.Currency = CurrencyCodes.Find(currency)
                    ?? throw Of(RejectionCode.InvalidValue, path, $"'{Shorten(currency)}' is not an ISO 4217 currency code (such as RUB, USD, EUR)");
                return true;
            case (EventCatalog.OrderCompleted, Known.Margin):
                p.Margin = Number(ref r, path, -100, 1);
                return true;
            case (EventCatalog.OrderCompleted, Known.Discount):
                p.Discount = Number(ref r, path, 0, 1);
                return true;
            case ("page_view" or "email_clicked", Known.Url):
                p.Url = String(ref r, path, UrlMax, Chars.Text, repeats: true);
                return true;
            case ("form_submitted", Known.Form):
                p.Form = String(ref r, path, TextMax, Chars.Text, repeats: true);
                return true;
            case ("feature_used", Known.Feature):
                p.Feature = String(ref r, path, TextMax, Chars.Text, repeats: true);
                return true;
            case ("email_sent" or "email_opened" or "email_clicked" or "email_replied" or "unsubscribed", Known.CampaignId):
                p.CampaignId = String(ref r, path, IdMax, Chars.NoControl, minLength: 1, repeats: true);
                return true;
            case ("call_completed", Known.Direction):
                p.Direction = ReadDirection(ref r, path);
                return true;
            case ("call_completed", Known.DurationSeconds):
                p.DurationSeconds = Integer(ref r, path, 0, 604_800);
                return true;
            case ("call_completed", Known.Outcome):
                p.Outcome = String(ref r, path, TextMax, Chars.Text, repeats: true);
                return true;
            case ("mention" or "message" or "follow", Known.Sentiment):
                p.Sentiment = Number(ref r, path, -1, 1);
                return true;
            case (EventCatalog.AccountUpdated, Known.Strategy):
                p.Strategy = String(ref r, path, TextMax, Chars.Text, repeats: true);
                return true;
            case (EventCatalog.AccountUpdated, Known.GrowthPlan):
                p.GrowthPlan = String(ref r, path, TextMax, Chars.Text, repeats: true);
                return true;
            case (EventCatalog.AccountUpdated, Known.AnnualBudget):
                p.AnnualBudget = Number(ref r, path, 0, MoneyMax);
                return true;
            case (EventCatalog.InvoiceIssued or EventCatalog.PaymentReceived, Known.InvoiceId):
                p.InvoiceId = String(ref r, path, IdMax, Chars.NoControl, minLength: 1);
                return true;
            case (EventCatalog.InvoiceIssued, Known.DueDate):
                Span<char> buffer = stackalloc char[32];
                scoped ReadOnlySpan<char> due;
                if (TryDecodeShort(ref r, buffer, out var length))
                {
                    due = buffer[..length];
                    CheckString(due, path, int.MaxValue, Chars.NoControl);
                }
                else
                {
                    due = String(ref r, path, int.MaxValue, Chars.NoControl);
                }

                p.DueDate = Rfc3339.TryParseDate(due, out var dueDate, out var dueError)
                    ? dueDate
                    : throw Of(RejectionCode.InvalidValue, path, $"'{Shorten(due.ToString())}': {dueError}");
                return true;
            case (EventCatalog.PaymentReceived, Known.PaidAt):
                p.PaidAt = EventParser.Timestamp(ref r, path);
                return true;
            case (EventCatalog.Assessment, Known.Criteria):
                p.Criteria = ReadCriteria(ref r, path);
                return true;
            case (EventCatalog.Feedback, Known.Nps):
                p.Nps = Integer(ref r, path, 0, 10);
                return true;
            default:
                return false;
        }
    }

    private static string ReadDirection(ref Utf8JsonReader r, string path)
    {
        if (r.TokenType == JsonTokenType.String)
        {
            if (r.ValueTextEquals("in"u8))
            {
                return "in";
            }

            if (r.ValueTextEquals("out"u8))
            {
                return "out";
            }

            // Decoded only for what it may throw (an escaped lone surrogate is invalid JSON, not a wrong value).
            _ = r.GetString();
        }

        throw Of(RejectionCode.InvalidValue, path, "must be \"in\" or \"out\"");
    }

    private static List<KeyValuePair<string, int>> ReadCriteria(ref Utf8JsonReader r, string path)
    {
        ExpectObject(ref r, path);
        var criteria = new List<KeyValuePair<string, int>>(4);
        // A handful of criteria is scanned for repeats; a set is made only for a long list.
        HashSet<string>? seen = null;
        while (r.Read() && r.TokenType != JsonTokenType.EndObject)
        {
            var name = r.ValueIsEscaped ? r.GetString()! : RecentStrings.Get(r.ValueSpan);
            if (!CriterionName().IsMatch(name))
            {
                throw Of(RejectionCode.InvalidValue, Join(path, name), "a criterion name is lower-case letters, digits and '_', starting with a letter, at most 64 characters");
            }

            if (seen?.Contains(name) ?? Named(criteria, name))
            {
                throw Of(RejectionCode.DuplicateField, Join(path, name), "appears more than once");
            }

            r.Read();
            // The item's path is only needed to complain; a plain small integer has nothing to complain about.
            var score = r.TokenType == JsonTokenType.Number && r.TryGetInt32(out var plain) && plain is >= 1 and <= 10
                ? plain
                : Integer(ref r, Join(path, name), 1, 10);
            criteria.Add(new(name, score));
            if (seen is not null)
            {
                seen.Add(name);
            }
            else if (criteria.Count == 16)
            {
                seen = new HashSet<string>(criteria.Select(c => c.Key), StringComparer.Ordinal);
            }
        }

        return criteria.Count > 0 ? criteria : throw Of(RejectionCode.InvalidValue, path, "needs at least one criterion");

        static bool Named(List<KeyValuePair<string, int>> criteria, string name)
        {
            foreach (var criterion in criteria)
            {
                if (criterion.Key == name)
                {
                    return true;
                }
            }

            return false;
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex CriterionName();

    private struct Builder
    {
        public string? OrderId;
        public double? Amount;
        public string? Currency;
        public double? Margin;
        public double? Discount;
        public string? InvoiceId;
        public DateOnly? DueDate;
        public DateTimeOffset? PaidAt;
        public string? Url;
        public string? Form;
        public string? Feature;
        public string? CampaignId;
        public string? Direction;
        public int? DurationSeconds;
        public string? Outcome;
        public double? Sentiment;
        public int? Nps;
        public string? Strategy;
        public string? GrowthPlan;
        public double? AnnualBudget;
        public List<KeyValuePair<string, int>>? Criteria;

        public readonly EventProperties Build(Utf8Text json) => new(
            OrderId is null && Amount is null && Currency is null && Margin is null && Discount is null && InvoiceId is null && DueDate is null && PaidAt is null
                ? null
                : new EventProperties.MoneyFields(OrderId, Amount, Currency, Margin, Discount, InvoiceId, DueDate, PaidAt),
            Direction is null && DurationSeconds is null && Outcome is null ? null : new EventProperties.CallFields(Direction, DurationSeconds, Outcome),
            Sentiment is null && Nps is null && Strategy is null && GrowthPlan is null && AnnualBudget is null && Criteria is null
                ? null
                : new EventProperties.OpinionFields(Sentiment, Nps, Strategy, GrowthPlan, AnnualBudget, Criteria))
        {
            JsonUtf8 = json,
            Url = Url,
            Form = Form,
            Feature = Feature,
            CampaignId = CampaignId,
        };
    }
}
