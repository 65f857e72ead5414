using System.Runtime.CompilerServices;
using Xunit;

namespace ProfileUnifier.Testing;

/// <summary>Golden files under Golden/: compare, or rewrite with UPDATE_GOLDEN=1 (then review the diff).</summary>
public static class Golden
{
    public static void Match(string name, string actual, [CallerFilePath] string caller = "")
    {
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(Path.GetDirectoryName(caller)!, "Golden", name), actual);
        }

        Assert.Equal(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", name)), actual);
    }
}
