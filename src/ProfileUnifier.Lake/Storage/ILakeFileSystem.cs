using System.IO.MemoryMappedFiles;

namespace ProfileUnifier.Lake.Storage;

/// <summary>
/// The file operations the lake's commit protocol is made of. One seam, so tests can fail or "crash" any
/// step (the fault-injecting file system in the tests) and prove that no step loses or doubles anything.
/// Paths are absolute.
/// </summary>
public interface ILakeFileSystem
{
    /// <summary>Creates a new file for writing; fails if it exists.</summary>
    Stream CreateNew(string path);

    /// <summary>
    /// Gives the complete file <paramref name="source"/> the name <paramref name="destination"/> unless that name
    /// exists (put-if-absent): of two callers exactly one succeeds. The source is gone either way.
    /// </summary>
    bool TryPublish(string source, string destination);

    /// <summary>Renames, replacing the destination (for files whose content any winner may have).</summary>
    void Replace(string source, string destination);

    /// <summary>Renames without replacing; fails if the destination exists.</summary>
    void Rename(string source, string destination);

    Stream OpenRead(string path);

    /// <summary>Maps a file into memory, read-only (it stays mapped, and readable, after it is deleted).</summary>
    MemoryMappedFile MapRead(string path);

    byte[] ReadAllBytes(string path);

    bool FileExists(string path);

    bool DirectoryExists(string path);

    long Length(string path);

    DateTime LastWriteTimeUtc(string path);

    /// <summary>File names (not paths) in a folder matching a pattern; none if the folder does not exist.</summary>
    IReadOnlyList<string> ListFiles(string folder, string pattern = "*");

    /// <summary>Every file under a folder, recursively, as absolute paths.</summary>
    IEnumerable<string> ListFilesRecursive(string folder);

    void CreateDirectory(string path);

    void Delete(string path);

    /// <summary>Makes the content of freshly written files under <paramref name="folder"/> durable.</summary>
    void SyncData(string folder);

    /// <summary>Makes creations and renames inside <paramref name="folder"/> durable.</summary>
    void SyncDirectory(string folder);
}
