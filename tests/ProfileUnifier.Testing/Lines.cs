namespace ProfileUnifier.Testing;

/// <summary>The lines of a file as bytes (invalid UTF-8 kept as it is), without their '\n'.</summary>
public static class Lines
{
    public static List<byte[]> Of(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                lines.Add(bytes[start..i]);
                start = i + 1;
            }
        }

        if (start < bytes.Length)
        {
            lines.Add(bytes[start..]);
        }

        return lines;
    }
}
