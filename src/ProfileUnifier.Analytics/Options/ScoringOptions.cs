namespace ProfileUnifier.Analytics.Options;

/// <summary>Weighted scoring: criteria with weights (summing to 1, or to 100 as percentages).</summary>
public sealed class ScoringOptions
{
    /// <summary>Empty means the method's six criteria (see <see cref="Ranking.Criteria.Defaults"/>).</summary>
    public List<CriterionOptions> Criteria { get; set; } = [];
}

/// <summary>
/// One criterion. <see cref="Source"/> "computed" takes the score from events by a fixed rule (only the
/// names in <see cref="Ranking.Criteria.Computed"/>); "judged" takes it from crm <c>assessment</c> events
/// carrying a criterion of that name.
/// </summary>
public sealed class CriterionOptions
{
    public string Name { get; set; } = "";

    public double Weight { get; set; }

    public string Source { get; set; } = "judged";
}
