using BenchmarkDotNet.Attributes;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Core.Validation;
using ProfileUnifier.Synthetic;

namespace ProfileUnifier.Bench.Micro;

/// <summary>The per-line front of the pipeline, for profiling changes to the parser and the normaliser.</summary>
[MemoryDiagnoser]
public class IntakeBenchmarks
{
    private byte[][] _lines = [];
    private EventParser _parser = null!;
    private EventIntake _intake = null!;

    [GlobalSetup]
    public void Setup()
    {
        using var events = new MemoryStream();
        new DatasetGenerator(new GeneratorOptions { Accounts = 30, Events = 2_000, Seed = 3 }).Generate(events, Stream.Null);
        _lines = [.. System.Text.Encoding.UTF8.GetString(events.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(System.Text.Encoding.UTF8.GetBytes)];
        _parser = new EventParser();
        _intake = new EventIntake(_parser, new IdentifierNormalizer(new IdentityRules()));
    }

    [Benchmark(OperationsPerInvoke = 2_000)]
    public int Parse()
    {
        var accepted = 0;
        foreach (var line in _lines)
        {
            accepted += _parser.Parse(line).Event is null ? 0 : 1;
        }

        return accepted;
    }

    [Benchmark(OperationsPerInvoke = 2_000)]
    public int Intake()
    {
        var accepted = 0;
        foreach (var line in _lines)
        {
            accepted += _intake.Read(line).IsAccepted ? 1 : 0;
        }

        return accepted;
    }
}
