namespace ProfileUnifier.Ingestion.Files;

/// <summary>Expands --input arguments (files and folders) into NDJSON files, in a stable order.</summary>
public static class InputDiscovery
{
    // Not *.json: folders of exports often hold a JSON manifest beside the NDJSON (named files are read whatever their name).
    private static readonly string[] Extensions = [".ndjson", ".jsonl", ".ndjson.gz", ".jsonl.gz"];

    public static IReadOnlyList<InputFile> Find(IEnumerable<string> inputs)
    {
        var paths = new List<string>();
        foreach (var input in inputs)
        {
            var full = Path.GetFullPath(input);
            if (File.Exists(full))
            {
                paths.Add(full);
            }
            else if (Directory.Exists(full))
            {
                var found = Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories)
                    .Where(p => Extensions.Any(e => p.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (found.Count == 0)
                {
                    throw new FileNotFoundException($"no NDJSON files (*.ndjson, *.jsonl, optionally .gz) in {full}");
                }

                paths.AddRange(found);
            }
            else
            {
                throw new FileNotFoundException($"input not found: {full}");
            }
        }

        return paths.Distinct(StringComparer.Ordinal).Select(InputFile.At).ToList();
    }
}
