namespace ProfileUnifier.Core.Identity.Overrides;

/// <summary>The three kinds of override; <see cref="OverrideKinds.WireName"/> is how the lake and <c>explain</c> name them.</summary>
public enum OverrideKind : byte
{
    NeverLink,
    NeverTogether,
    MustLink,
}

public static class OverrideKinds
{
    private static readonly string[] Names = ["never_link", "never_together", "must_link"];

    public static string WireName(this OverrideKind kind) => Names[(int)kind];

    public static bool TryParse(string name, out OverrideKind kind)
    {
        var index = Array.IndexOf(Names, name);
        kind = index < 0 ? default : (OverrideKind)index;
        return index >= 0;
    }
}
