using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ProfileUnifier.Core.Events;
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

    private static readonly Dictionary<string, string[]> Required = new(StringComparer.Ordinal)
    {
        ["page_view"] = ["url"],
        ["form_submitted"] = ["form"],
        ["feature_used"] = ["feature"],
        [EventCatalog.OrderCompleted] = ["order_id", "amount"],
        ["call_completed"] = ["direction", "duration_s", "outcome"],
        [EventCatalog.InvoiceIssued] = ["invoice_id", "amount", "due_date"],
        [EventCatalog.PaymentReceived] = ["invoice_id", "amount"],
        [EventCatalog.Assessment] = ["criteria"],
        [EventCatalog.Feedback] = ["nps"],
    };

    public static bool RequiresProperties(string type) => Required.ContainsKey(type);

    public static EventProperties Parse(ReadOnlySpan<byte> json, string type)
    {
        var r = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = EventParser.MaxDepth });
        r.Read();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var props = new Builder();
        while (r.Read() && r.TokenType != JsonTokenType.EndObject)
        {
            var name = PropertyName(ref r, P, seen);
            r.Read();
            if (!ReadKnown(ref r, type, name, props))
            {
                FreeJson(ref r, Join(P, name));
            }
        }

        if (Required.TryGetValue(type, out var required))
        {
            foreach (var field in required)
            {
                if (!seen.Contains(field))
                {
                    throw Of(RejectionCode.MissingField, $"{P}.{field}", $"missing; {type} events need it");
                }
            }
        }

        return props.Build(Encoding.UTF8.GetString(json));
    }

    /// <summary>Reads a property the event type defines; false when the name is not one of them.</summary>
    private static bool ReadKnown(ref Utf8JsonReader r, string type, string name, Builder p)
    {
        var path = $"{P}.{name}";
        switch (type, name)
        {
            case (EventCatalog.OrderCompleted, "order_id"):
                p.OrderId = String(ref r, path, IdMax, Chars.NoControl, minLength: 1);
                return true;
            case (EventCatalog.OrderCompleted or EventCatalog.InvoiceIssued or EventCatalog.PaymentReceived, "amount"):
                p.Amount = Number(ref r, path, 0, MoneyMax);
                return true;
            case (EventCatalog.OrderCompleted, "currency"):
                var currency = String(ref r, path, int.MaxValue, Chars.Text)!;
                p.Currency = CurrencyCode().IsMatch(currency)
                    ? currency
                    : throw Of(RejectionCode.InvalidValue, path, $"'{Shorten(currency)}' is not an ISO 4217 code like RUB");
                return true;
            case (EventCatalog.OrderCompleted, "margin"):
                p.Margin = Number(ref r, path, -100, 1);
                return true;
            case (EventCatalog.OrderCompleted, "discount"):
                p.Discount = Number(ref r, path, 0, 1);
                return true;
            case ("page_view" or "email_clicked", "url"):
                p.Url = String(ref r, path, UrlMax, Chars.Text);
                return true;
            case ("form_submitted", "form"):
                p.Form = String(ref r, path, TextMax, Chars.Text);
                return true;
            case ("feature_used", "feature"):
                p.Feature = String(ref r, path, TextMax, Chars.Text);
                return true;
            case ("email_sent" or "email_opened" or "email_clicked" or "email_replied" or "unsubscribed", "campaign_id"):
                p.CampaignId = String(ref r, path, IdMax, Chars.NoControl, minLength: 1);
                return true;
            case ("call_completed", "direction"):
                var direction = r.TokenType == JsonTokenType.String ? r.GetString() : null;
                p.Direction = direction is "in" or "out"
                    ? direction
                    : throw Of(RejectionCode.InvalidValue, path, "must be \"in\" or \"out\"");
                return true;
            case ("call_completed", "duration_s"):
                p.DurationSeconds = Integer(ref r, path, 0, 604_800);
                return true;
            case ("call_completed", "outcome"):
                p.Outcome = String(ref r, path, TextMax, Chars.Text);
                return true;
            case ("mention" or "message" or "follow", "sentiment"):
                p.Sentiment = Number(ref r, path, -1, 1);
                return true;
            case (EventCatalog.AccountUpdated, "strategy"):
                p.Strategy = String(ref r, path, TextMax, Chars.Text);
                return true;
            case (EventCatalog.AccountUpdated, "growth_plan"):
                p.GrowthPlan = String(ref r, path, TextMax, Chars.Text);
                return true;
            case (EventCatalog.AccountUpdated, "annual_budget"):
                p.AnnualBudget = Number(ref r, path, 0, MoneyMax);
                return true;
            case (EventCatalog.InvoiceIssued or EventCatalog.PaymentReceived, "invoice_id"):
                p.InvoiceId = String(ref r, path, IdMax, Chars.NoControl, minLength: 1);
                return true;
            case (EventCatalog.InvoiceIssued, "due_date"):
                var due = String(ref r, path, int.MaxValue, Chars.NoControl)!;
                p.DueDate = Rfc3339.TryParseDate(due, out var dueDate, out var dueError)
                    ? dueDate
                    : throw Of(RejectionCode.InvalidValue, path, $"'{Shorten(due)}': {dueError}");
                return true;
            case (EventCatalog.PaymentReceived, "paid_at"):
                p.PaidAt = EventParser.Timestamp(ref r, path);
                return true;
            case (EventCatalog.Assessment, "criteria"):
                p.Criteria = ReadCriteria(ref r, path);
                return true;
            case (EventCatalog.Feedback, "nps"):
                p.Nps = Integer(ref r, path, 0, 10);
                return true;
            default:
                return false;
        }
    }

    private static List<KeyValuePair<string, int>> ReadCriteria(ref Utf8JsonReader r, string path)
    {
        ExpectObject(ref r, path);
        var criteria = new List<KeyValuePair<string, int>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (r.Read() && r.TokenType != JsonTokenType.EndObject)
        {
            var name = r.GetString()!;
            var itemPath = Join(path, name);
            if (!CriterionName().IsMatch(name))
            {
                throw Of(RejectionCode.InvalidValue, itemPath, "a criterion name is lower-case letters, digits and '_', starting with a letter, at most 64 characters");
            }

            if (!seen.Add(name))
            {
                throw Of(RejectionCode.DuplicateField, itemPath, "appears more than once");
            }

            r.Read();
            criteria.Add(new(name, Integer(ref r, itemPath, 1, 10)));
        }

        return criteria.Count > 0 ? criteria : throw Of(RejectionCode.InvalidValue, path, "needs at least one criterion");
    }

    [GeneratedRegex("^[A-Z]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex CurrencyCode();

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex CriterionName();

    private sealed class Builder
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

        public EventProperties Build(string json) => new()
        {
            Json = json,
            OrderId = OrderId,
            Amount = Amount,
            Currency = Currency,
            Margin = Margin,
            Discount = Discount,
            InvoiceId = InvoiceId,
            DueDate = DueDate,
            PaidAt = PaidAt,
            Url = Url,
            Form = Form,
            Feature = Feature,
            CampaignId = CampaignId,
            Direction = Direction,
            DurationSeconds = DurationSeconds,
            Outcome = Outcome,
            Sentiment = Sentiment,
            Nps = Nps,
            Strategy = Strategy,
            GrowthPlan = GrowthPlan,
            AnnualBudget = AnnualBudget,
            Criteria = Criteria,
        };
    }
}
