namespace ProfileUnifier.Lake;

/// <summary>How the lake's Parquet pages are compressed (<c>Lake:Compression</c>).</summary>
public enum LakeCompression
{
    None,
    Snappy,
    Gzip,
    Zstd,
    Lz4,
    Brotli,
}
