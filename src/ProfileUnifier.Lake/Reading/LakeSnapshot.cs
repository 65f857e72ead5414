using ProfileUnifier.Lake.Commit;

namespace ProfileUnifier.Lake.Reading;

/// <summary>A lake opened for reading: its committed state from the commit log (no repairs, no writes).</summary>
public static class LakeSnapshot
{
    public static LakeState Read(string root)
    {
        var log = new CommitLog(root);
        if (!Directory.Exists(log.Folder))
        {
            throw new DirectoryNotFoundException($"no lake at {root} (no {LakePaths.Log} folder)");
        }

        var state = new LakeState();
        foreach (var entry in log.ReadAll())
        {
            state.Apply(entry);
        }

        return state;
    }
}
