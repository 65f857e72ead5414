using System.Text;
using System.Text.Json;
using Json.Schema;
using ProfileUnifier.Analytics.Alerts;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Analytics.Tests;

public sealed class AlertMessageTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "schemas", "alert.schema.json"));

    private static readonly Alert Opened = new(AlertBook.Id(new AlertKey(AlertKind.ShareThreshold, "a_1", null, "dependency"), 0), AlertKind.ShareThreshold,
        "dependency", "a_1", null, 0, new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc), null, AlertSeverity.Warning,
        """{"revenue_share":0.23,"threshold":0.2,"revenue":1000,"currency":"RUB"}""", "OOO Romashka brings 23.0% of revenue, above the 20% dependency threshold");

    [Fact]
    public void Value_OpenedAndClosed_GoldenJson()
    {
        var closed = Opened with { ClosedAt = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc) };

        var text = Encoding.UTF8.GetString(AlertMessage.Value(new AlertChange(Opened, AlertTransition.Opened))) + "\n" +
                   Encoding.UTF8.GetString(AlertMessage.Value(new AlertChange(closed, AlertTransition.Closed))) + "\n";

        Golden.Match("alert-messages.ndjson", text);
    }

    [Fact]
    public void Value_EveryKindAndTransition_MatchesTheSchema()
    {
        foreach (var kind in Enum.GetValues<AlertKind>())
        {
            foreach (var transition in Enum.GetValues<AlertTransition>())
            {
                var alert = Opened with { Kind = kind, ClosedAt = transition == AlertTransition.Closed ? Opened.OpenedAt.AddDays(3) : null };
                using var json = JsonDocument.Parse(AlertMessage.Value(new AlertChange(alert, transition)));
                var result = Schema.Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
                Assert.True(result.IsValid, $"{kind} {transition}: {string.Join("; ", (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Values))}");
            }
        }
    }

    [Fact]
    public void Key_TheAlertId() => Assert.Equal(Opened.AlertId, Encoding.UTF8.GetString(AlertMessage.Key(new AlertChange(Opened, AlertTransition.Opened))));
}
