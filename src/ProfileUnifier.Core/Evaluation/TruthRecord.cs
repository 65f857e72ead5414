namespace ProfileUnifier.Core.Evaluation;

/// <summary>
/// What is true of one event in a generated data set: who did it (null for company-level events), for
/// which company, and its linkable group: the events of that person sharing some identifier only they use
/// (null when it carries none, so that nothing could link it).
/// </summary>
public readonly record struct TruthRecord(string? Person, string Account, string? LinkableGroup);
