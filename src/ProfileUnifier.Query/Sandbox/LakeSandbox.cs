using DuckDB.NET.Data;

namespace ProfileUnifier.Query.Sandbox;

/// <summary>
/// Confines a lake connection: DuckDB may touch files only under the lake root (and the folders the caller
/// exports to), loads no extension, and the configuration is locked so no statement can undo it.
/// </summary>
internal static class LakeSandbox
{
    public static void Confine(DuckDBConnection connection, string root, IEnumerable<string> exportDirectories)
    {
        var allowed = new[] { root }.Concat(exportDirectories).Select(d => Path.TrimEndingDirectorySeparator(Path.GetFullPath(d)) + Path.DirectorySeparatorChar);
        foreach (var setting in new[]
        {
            $"SET allowed_directories = [{string.Join(", ", allowed.Select(LakeDatabase.Literal))}]",
            "SET enable_external_access = false",
            "SET autoload_known_extensions = false",
            "SET autoinstall_known_extensions = false",
            "SET lock_configuration = true",
        })
        {
            using var command = connection.CreateCommand();
            command.CommandText = setting;
            command.ExecuteNonQuery();
        }
    }
}
