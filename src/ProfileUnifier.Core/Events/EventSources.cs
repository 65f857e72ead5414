namespace ProfileUnifier.Core.Events;

/// <summary>Wire names of <see cref="EventSource"/> and the lookups the parser needs.</summary>
public static class EventSources
{
    public const int Count = 6;

    public static IReadOnlyList<EventSource> All { get; } =
        [EventSource.Web, EventSource.App, EventSource.Email, EventSource.Call, EventSource.Social, EventSource.Crm];

    private static readonly string[] Names = ["web", "app", "email", "call", "social", "crm"];

    public static string WireName(this EventSource source) => Names[(int)source];

    public static bool TryParse(string? name, out EventSource source)
    {
        var index = Array.IndexOf(Names, name);
        source = index < 0 ? default : (EventSource)index;
        return index >= 0;
    }

    public static string ListNames() => string.Join(", ", Names);
}
