namespace ProfileUnifier.Ingestion.Files;

/// <summary>An NDJSON input (plain or .gz) and the hash of its bytes, which identifies it in the commit log.</summary>
public sealed record InputFile(string Path, string ContentId, long Bytes)
{
    public bool IsGzip => Path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
}
