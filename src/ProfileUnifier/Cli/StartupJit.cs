using System.Runtime;

namespace ProfileUnifier.Cli;

/// <summary>
/// Compiles, on a background thread, the methods the verb's last run compiled (.NET's multicore JIT, a profile per
/// verb in the user's cache folder): the CLI compiles every method optimized at its first call (no tiering), and that
/// was about a second of one core at the start of each run while the other idled. Off when the folder cannot be made:
/// the run goes on as before.
/// </summary>
public static class StartupJit
{
    public static void Start(IReadOnlyList<string> args)
    {
        if (VerbOf(args) is { } verb &&
            Folder(Environment.GetEnvironmentVariable("XDG_CACHE_HOME"), Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)) is { } folder)
        {
            ProfileOptimization.SetProfileRoot(folder);
            ProfileOptimization.StartProfile($"{verb}.jitprofile");
        }
    }

    /// <summary>The verb: the first argument that is a plain lower-case word (options and their values are not).</summary>
    internal static string? VerbOf(IReadOnlyList<string> args) =>
        args.FirstOrDefault(a => a.Length > 0 && a.All(char.IsAsciiLetterLower));

    /// <summary>The profiles' folder, made if missing (XDG's cache folder, else ~/.cache); null if it cannot be made.</summary>
    internal static string? Folder(string? xdgCache, string home)
    {
        try
        {
            var cache = string.IsNullOrEmpty(xdgCache) ? Path.Combine(home, ".cache") : xdgCache;
            return Directory.CreateDirectory(Path.Combine(cache, "profileunifier", "jit")).FullName;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}
