using ProfileUnifier.Synthetic;

namespace ProfileUnifier.Testing;

/// <summary>
/// A lake built once per test class: a generated B2B data set ingested (in several commits) and ranked, plus a bare lake
/// folder with no table in it. Tests only read it.
/// </summary>
public sealed class RankedLake : IDisposable
{
    private readonly TempFolder _folder = new();

    public RankedLake()
    {
        Generated = Datasets.Write(_folder["data"], new GeneratorOptions { Accounts = 30, Events = 6_000, Days = 120, Seed = 7 });
        // Several commits, so later ones re-resolve people that earlier ones wrote touchpoints for.
        LakeBuilder.IngestAsync(Root, [Events], maxRowsPerCommit: 1_500).GetAwaiter().GetResult();
        Ranking = LakeBuilder.RankAsync(Root).GetAwaiter().GetResult();
        Directory.CreateDirectory(EmptyRoot);
    }

    public string Root => _folder["lake"];

    /// <summary>A lake folder with no table committed yet.</summary>
    public string EmptyRoot => _folder["empty-lake"];

    public string Events => _folder["data/events.ndjson"];

    public string Truth => _folder["data/truth.csv"];

    public GenerationSummary Generated { get; }

    public Analytics.Ranking.RankingResult Ranking { get; }

    /// <summary>A scratch path under this fixture's folder.</summary>
    public string this[string relative] => _folder[relative];

    public void Dispose() => _folder.Dispose();
}
