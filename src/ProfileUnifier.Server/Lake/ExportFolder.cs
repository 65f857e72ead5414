namespace ProfileUnifier.Server.Lake;

/// <summary>
/// A private scratch folder for Parquet exports: the one place besides the lake where the server's DuckDB may
/// write (files there live for one request). Removed when the server stops.
/// </summary>
public sealed class ExportFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("profileunifier-exports-").FullName;

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
