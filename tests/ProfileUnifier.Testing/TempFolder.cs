namespace ProfileUnifier.Testing;

/// <summary>A fresh folder under the temp directory, deleted on dispose (kept when KEEP_TEST_FILES=1).</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder(string prefix = "pu")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("KEEP_TEST_FILES") != "1" && Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
