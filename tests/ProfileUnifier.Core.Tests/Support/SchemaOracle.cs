using System.Text.Json;
using Json.Schema;

namespace ProfileUnifier.Core.Tests.Support;

/// <summary>
/// The contract as a JSON Schema library reads it (JsonSchema.Net over schemas/*.schema.json): the
/// independent judge the hot-path parser is compared with.
/// </summary>
internal sealed class SchemaOracle
{
    private static readonly string[] Files =
        ["common", "web", "app", "email", "call", "social", "crm", "envelope"];

    private readonly JsonSchema _envelope;
    private readonly EvaluationOptions _options = new() { RequireFormatValidation = true, OutputFormat = OutputFormat.List };

    public SchemaOracle()
    {
        var build = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        JsonSchema? envelope = null;
        foreach (var name in Files)
        {
            envelope = JsonSchema.FromFile(Fixtures.Schema($"{name}.schema.json"), build);
        }

        _envelope = envelope!;
    }

    public static SchemaOracle Shared { get; } = new();

    /// <summary>Null when the line meets the contract; otherwise the errors the library reports.</summary>
    public string? Judge(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 64, AllowDuplicateProperties = false });
            var result = _envelope.Evaluate(document.RootElement, _options);
            if (result.IsValid)
            {
                return null;
            }

            var errors = (result.Details ?? []).Where(d => d.Errors is not null)
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
            return string.Join("; ", errors.Take(5));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            return $"unreadable: {ex.Message}";
        }
    }
}
