using System.Runtime.InteropServices;

namespace ProfileUnifier.Bench.Report;

/// <summary>What the figures were measured on.</summary>
public static class Machine
{
    public static string Describe(string duckDbVersion, string librdkafkaVersion)
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var os = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"')
            : RuntimeInformation.OSDescription;
        var kb = long.TryParse(memory?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], out var k) ? k : 0;
        return $"{cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}, {Environment.ProcessorCount} cores, " +
               $"{kb / 1024.0 / 1024.0:F1} GiB RAM, {os}; {RuntimeInformation.FrameworkDescription}; DuckDB {duckDbVersion}; librdkafka {librdkafkaVersion}";
    }
}
