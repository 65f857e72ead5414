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

    /// <summary>The key's hasher when the lake is pseudonymised (a lookup hashes the identifier it is given), else null.</summary>
    public static Core.Privacy.Pseudonymizer? Pseudonyms(IServiceProvider services) =>
        Lake.Privacy.LakePrivacy.Open(Lake.LakeContext.Local(services.GetRequiredService<IOptions<LakeOptions>>().Value),
            services.GetRequiredService<IOptions<Lake.Privacy.PrivacyOptions>>().Value) is { Pseudonymised: true } privacy
            ? privacy.RequireHasher("looking a person up in a pseudonymised lake")
            : null;
}
