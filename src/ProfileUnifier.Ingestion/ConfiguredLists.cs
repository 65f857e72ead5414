using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace ProfileUnifier.Ingestion;

/// <summary>
/// Makes a configured list replace its default. .NET binding adds configured items to a list property's
/// initial items, so a default could never be removed and <c>[]</c> meant "the defaults"; this puts back
/// exactly what the configuration holds for every string list it names (<c>[]</c> or an empty value: none).
/// </summary>
public static class ConfiguredLists
{
    public static void Replace(object options, IConfiguration section)
    {
        foreach (var property in options.GetType().GetProperties())
        {
            if (property.PropertyType != typeof(List<string>) || !property.CanWrite)
            {
                continue;
            }

            var configured = section.GetSection(property.Name);
            if (configured.Value is null && !configured.GetChildren().Any())
            {
                continue;
            }

            var items = configured.GetChildren()
                .OrderBy(c => int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : int.MaxValue)
                .Select(c => c.Value ?? "")
                .ToList();
            property.SetValue(options, items);
        }
    }
}
