using ProfileUnifier.Synthetic;

namespace ProfileUnifier.Testing;

/// <summary>Generated data sets written to a folder: events.ndjson and truth.csv.</summary>
public static class Datasets
{
    public static GenerationSummary Write(string folder, GeneratorOptions options, string name = "events.ndjson")
    {
        Directory.CreateDirectory(folder);
        using var events = File.Create(Path.Combine(folder, name));
        using var truth = File.Create(Path.Combine(folder, "truth.csv"));
        return new DatasetGenerator(options).Generate(events, truth);
    }
}
