using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using Microsoft.Extensions.Options;
using ProfileUnifier.Query.Sandbox;

namespace ProfileUnifier.Query.Segments;

/// <summary>
/// Rejects, at start, a segment that could not run or that would do more than filter its view: a bad name, an
/// unknown kind, an empty predicate, or one that DuckDB's parser does not see as a plain condition over the
/// view's columns (a subquery, a table function such as read_text, a second statement, a UNION).
/// </summary>
public sealed partial class SegmentOptionsValidator : IValidateOptions<SegmentOptions>
{
    public ValidateOptionsResult Validate(string? name, SegmentOptions options)
    {
        var errors = new List<string>();
        using var parser = new DuckDBConnection("Data Source=:memory:");
        parser.Open();
        foreach (var (segment, definition) in options)
        {
            var where = $"Segments:{segment}";
            if (!SegmentName().IsMatch(segment))
            {
                errors.Add($"{where}: a segment name is lower-case letters, digits and '-' or '_'");
            }

            if (definition.Of is not ("accounts" or "people"))
            {
                errors.Add($"{where}:Of is '{definition.Of}'; expected accounts or people");
            }

            if (string.IsNullOrWhiteSpace(definition.Where))
            {
                errors.Add($"{where}:Where is empty; give a SQL condition such as abc_class = 'A' AND declining");
            }

            // One expression each: a ';' would smuggle a second statement into the segment's query.
            foreach (var (field, text) in new[] { ("Where", definition.Where), ("OrderBy", definition.OrderBy) })
            {
                if (text.Contains(';', StringComparison.Ordinal))
                {
                    errors.Add($"{where}:{field} must be one SQL expression, without ';'");
                }
            }

            if (definition.Of is "accounts" or "people" && !string.IsNullOrWhiteSpace(definition.Where) &&
                !(definition.Where + definition.OrderBy).Contains(';', StringComparison.Ordinal) &&
                SqlGate.CheckCondition(parser, definition.View, definition.Where, definition.OrderBy) is { } problem)
            {
                errors.Add($"{where}:Where is not a condition over {definition.View}: {problem}");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$")]
    private static partial Regex SegmentName();
}
