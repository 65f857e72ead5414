namespace ProfileUnifier.Bench;

/// <summary>How big each workload is: --quick (CI smoke test, under 5 minutes) or --full.</summary>
public sealed record BenchSize(
    string Name,
    int Repeats,
    int EngineEvents,
    int IngestEvents,
    int KafkaEvents,
    int ParquetRows,
    IReadOnlyList<int> MemoryIdentifiers,
    IReadOnlyList<int> ScalingEvents,
    int RankAccounts,
    int RankOrders,
    IReadOnlyList<int> LakeEvents,
    int LakeAccounts,
    int BatchEvents,
    int LookupEvents,
    int Lookups)
{
    public static BenchSize Quick { get; } = new("quick", 3, 100_000, 100_000, 50_000, 200_000, [1_000_000, 5_000_000], [10_000, 50_000, 100_000], 10_000, 100_000,
        [100_000, 400_000], 150, 10_000, 100_000, 500);

    public static BenchSize Full { get; } = new("full", 3, 1_000_000, 1_000_000, 150_000, 1_000_000, [1_000_000, 5_000_000], [100_000, 1_000_000, 5_000_000], 100_000, 1_000_000,
        [1_000_000, 10_000_000], 1_500, 50_000, 1_000_000, 2_000);
}
