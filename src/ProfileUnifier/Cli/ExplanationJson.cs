using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using ProfileUnifier.Core.Identity.Explain;

namespace ProfileUnifier.Cli;

/// <summary>An explanation as one JSON document (snake_case names, UTC times), for scripts.</summary>
internal static class ExplanationJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string Write(Explanation explanation) => JsonSerializer.Serialize(explanation, Options);
}
