using System.ComponentModel.DataAnnotations;

namespace ProfileUnifier.Observability;

/// <summary>Where the worker answers /healthz, /readyz and /metrics (section <c>Health</c>).</summary>
public sealed class HealthOptions
{
    public const string SectionName = "Health";

    /// <summary>Loopback by default; in a container, <c>http://0.0.0.0:9464</c> (9464: Prometheus exporters' usual port).</summary>
    [Required(AllowEmptyStrings = false)]
    public string Urls { get; set; } = "http://127.0.0.1:9464";
}
