namespace ProfileUnifier.Server;

/// <summary>What a key may see: analysts see identifiers as they are, viewers see them masked.</summary>
public static class Roles
{
    public const string Analyst = "analyst";
    public const string Viewer = "viewer";

    public static IReadOnlyList<string> All { get; } = [Analyst, Viewer];
}
