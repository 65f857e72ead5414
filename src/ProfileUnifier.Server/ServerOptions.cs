using System.ComponentModel.DataAnnotations;

namespace ProfileUnifier.Server;

/// <summary>How <c>serve</c> listens and who may read (section <c>Server</c>).</summary>
public sealed class ServerOptions
{
    public const string SectionName = "Server";

    /// <summary>Where to listen; loopback only unless configured otherwise (and then only with keys).</summary>
    [Required(AllowEmptyStrings = false)]
    public string Urls { get; set; } = "http://127.0.0.1:5080";

    /// <summary>
    /// Keys and their roles. With none, the server is open to whoever reaches it, which is only this machine
    /// (a non-loopback <see cref="Urls"/> without keys is refused at start).
    /// </summary>
    public List<ApiKey> ApiKeys { get; set; } = [];

    /// <summary>How often the server looks for a new lake version (and then rebuilds its lookup index).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Rows per page when a request does not say (and the most it may ask for is 10×).</summary>
    [Range(1, 1000)]
    public int PageSize { get; set; } = 50;
}

/// <summary>One key: who holds it (for logs, never the key itself) and what it may see.</summary>
public sealed class ApiKey
{
    public string Name { get; set; } = "";

    public string Key { get; set; } = "";

    /// <summary><c>analyst</c> (identifiers in clear) or <c>viewer</c> (identifiers masked).</summary>
    public string Role { get; set; } = Roles.Viewer;
}
