using System.Reflection;

namespace ProfileUnifier.Analytics;

/// <summary>The name an enum member has in the lake and on the wire.</summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class WireNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>
/// Wire names of the analytics' closed sets: each member carries its <see cref="WireNameAttribute"/>, so the
/// enum is the one table, and a new member is one line.
/// </summary>
public static class WireNames
{
    public static string WireName<T>(this T value)
        where T : struct, Enum => Table<T>.Names[value];

    public static bool TryParseWire<T>(string? name, out T value)
        where T : struct, Enum => Table<T>.Values.TryGetValue(name ?? "", out value);

    public static IReadOnlyCollection<string> AllWireNames<T>()
        where T : struct, Enum => Table<T>.Values.Keys;

    private static class Table<T>
        where T : struct, Enum
    {
        public static readonly Dictionary<T, string> Names = typeof(T).GetFields(BindingFlags.Public | BindingFlags.Static)
            .ToDictionary(f => (T)f.GetValue(null)!, f => f.GetCustomAttribute<WireNameAttribute>()?.Name
                ?? throw new InvalidOperationException($"{typeof(T).Name}.{f.Name} has no wire name"));

        public static readonly Dictionary<string, T> Values = Names.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
    }
}
