namespace ProfileUnifier.Query.Segments;

/// <summary>What an export wrote: the segment, its member count and the file.</summary>
public sealed record SegmentExport(string Segment, long Members, string Path, string Format);
