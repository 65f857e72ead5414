using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ProfileUnifier.Analytics.Alerts;

/// <summary>
/// An alert change as a message of topic <c>accounts.alerts</c> (schemas/alert.schema.json, version 1): the key is
/// the alert_id, the value one UTF-8 JSON object. A closed alert is sent again whole with its closed_at, so a
/// compacted topic keeps each alert's latest state.
/// </summary>
public static class AlertMessage
{
    public const int SchemaVersion = 1;

    public static byte[] Key(AlertChange change) => Encoding.UTF8.GetBytes(change.Alert.AlertId);

    public static byte[] Value(AlertChange change)
    {
        var a = change.Alert;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("schema_version", SchemaVersion);
            json.WriteString("alert_id", a.AlertId);
            json.WriteString("event", change.Transition.WireName());
            json.WriteString("kind", a.Kind.WireName());
            Nullable(json, "level", a.Level);
            Nullable(json, "account_id", a.AccountId);
            Nullable(json, "profile_id", a.ProfileId);
            json.WriteNumber("episode", a.Episode);
            json.WriteString("opened_at", Timestamp(a.OpenedAt));
            Nullable(json, "closed_at", a.ClosedAt is { } closed ? Timestamp(closed) : null);
            json.WriteString("severity", a.Severity.WireName());
            json.WritePropertyName("evidence");
            json.WriteRawValue(a.Evidence);
            json.WriteString("message", a.Message);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void Nullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static string Timestamp(DateTime t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
