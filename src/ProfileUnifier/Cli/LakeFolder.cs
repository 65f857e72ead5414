using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ProfileUnifier.Lake;
using ProfileUnifier.Query;

namespace ProfileUnifier.Cli;

/// <summary>Opens the configured lake (Lake:Root, or the verb's --lake) for SQL.</summary>
internal static class LakeFolder
{
    /// <param name="exportTo">A file this verb exports to: its folder is the one place besides the lake DuckDB may write.</param>
    public static LakeDatabase OpenDatabase(IServiceProvider services, string? exportTo = null) =>
        LakeDatabase.Open(services.GetRequiredService<IOptions<LakeOptions>>().Value.Root,
            exportTo is null ? null : [Path.GetDirectoryName(Path.GetFullPath(exportTo))!]);
}
