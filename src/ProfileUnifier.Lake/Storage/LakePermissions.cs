namespace ProfileUnifier.Lake.Storage;

/// <summary>The modes the lake's files and folders are created with (POSIX; ignored on Windows, where ACLs of the parent apply).</summary>
public sealed record LakePermissions(UnixFileMode Files, UnixFileMode Folders)
{
    /// <summary>Owner reads and writes, the group reads, others nothing: a BI group can be given read access, nobody else.</summary>
    public static LakePermissions Default { get; } = new(Parse("0640"), Parse("0750"));

    /// <summary>An octal mode such as <c>0640</c> or <c>640</c>.</summary>
    public static UnixFileMode Parse(string octal) =>
        TryParse(octal, out var mode) ? mode : throw new FormatException("a mode is three octal digits, such as 0640");

    /// <summary>Three octal digits, optionally after a 0: permission bits only (no setuid, setgid or sticky bit).</summary>
    public static bool TryParse(string? octal, out UnixFileMode mode)
    {
        mode = default;
        var text = octal?.Trim();
        if (text is null || text.Length is < 3 or > 4 || !text.All(c => c is >= '0' and <= '7') || Convert.ToInt32(text, 8) > 0x1FF)
        {
            return false;
        }

        mode = (UnixFileMode)Convert.ToInt32(text, 8);
        return true;
    }
}
