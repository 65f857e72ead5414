using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ProfileUnifier.Lake;
using ProfileUnifier.Query;

namespace ProfileUnifier.Cli;

/// <summary>Opens the configured lake (Lake:Root, or the verb's --lake) for SQL.</summary>
internal static class LakeFolder
{
    public static LakeDatabase OpenDatabase(IServiceProvider services) =>
        LakeDatabase.Open(services.GetRequiredService<IOptions<LakeOptions>>().Value.Root);
}
