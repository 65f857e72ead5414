using ProfileUnifier.Core.Evaluation;

namespace ProfileUnifier.Synthetic;

/// <summary>truth.csv as <see cref="DatasetGenerator"/> writes it: event_id,person_id,account_id,linkable_group.</summary>
public static class TruthFile
{
    public const string Header = "event_id,person_id,account_id,linkable_group";

    public static Dictionary<string, TruthRecord> Read(string path)
    {
        var truth = new Dictionary<string, TruthRecord>(StringComparer.Ordinal);
        using var reader = new StreamReader(Path.GetFullPath(path));
        var header = reader.ReadLine();
        if (header != Header)
        {
            throw new FormatException($"{path} is not a truth file (expected the header {Header})");
        }

        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split(',');
            if (parts.Length != 4)
            {
                throw new FormatException($"{path}: expected 4 columns, got: {line}");
            }

            truth[parts[0]] = new TruthRecord(Empty(parts[1]), parts[2], Empty(parts[3]));
        }

        return truth;

        static string? Empty(string s) => s.Length == 0 ? null : s;
    }
}
