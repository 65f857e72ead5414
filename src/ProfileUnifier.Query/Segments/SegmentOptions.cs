namespace ProfileUnifier.Query.Segments;

/// <summary>The saved segments, by name (section <c>Segments</c> of the settings).</summary>
public sealed class SegmentOptions : Dictionary<string, SegmentDefinition>
{
    public const string SectionName = "Segments";

    public SegmentOptions()
        : base(StringComparer.Ordinal)
    {
    }
}
