namespace ProfileUnifier.Ingestion.Pipeline;

/// <summary>
/// Where an ingest is: the file, how far into it (<paramref name="InputBytes"/>: bytes of the file read, of the compressed
/// file for a .gz — against <see cref="Files.InputFile.Bytes"/>), lines so far.
/// </summary>
public readonly record struct IngestProgress(string File, int FileIndex, int FileCount, long InputBytes, long Lines, long Accepted, long Rejected);
