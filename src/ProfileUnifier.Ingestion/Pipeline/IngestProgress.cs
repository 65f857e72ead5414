namespace ProfileUnifier.Ingestion.Pipeline;

/// <summary>Where an ingest is: the file, how far into it (bytes of the input read), lines so far.</summary>
public readonly record struct IngestProgress(string File, int FileIndex, int FileCount, long Lines, long Accepted, long Rejected);
