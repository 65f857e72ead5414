using System.Globalization;

namespace ProfileUnifier.Bench.Report;

/// <summary>
/// The process's minor page faults so far (<c>/proc/self/stat</c>'s tenth field): each is a first touch of fresh memory,
/// which costs ~11 µs in this VM's slow hours (<see cref="MemoryFaultProbe"/>). Null where there is no such file.
/// </summary>
public static class PageFaults
{
    public static long? Minor()
    {
        const string stat = "/proc/self/stat";
        if (!File.Exists(stat))
        {
            return null;
        }

        // The command's name, in parentheses, may hold spaces: the fields are counted from after its closing one.
        var text = File.ReadAllText(stat);
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[7], CultureInfo.InvariantCulture);
    }
}
