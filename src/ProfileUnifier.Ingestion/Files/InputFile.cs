namespace ProfileUnifier.Ingestion.Files;

/// <summary>An NDJSON input (plain or .gz) and its size on disk. The lake knows it by its content (<see cref="InputLedger"/>), not its name.</summary>
public sealed record InputFile(string Path, long Bytes)
{
    public bool IsGzip => Path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);

    public static InputFile At(string path) => new(path, new FileInfo(path).Length);
}
